//! Which right a message asks for, from phrases in English and Traditional Chinese
//! (Hong Kong customers write both). One type matched is a classification, with the
//! phrase as its reason; none or several is `needs_triage` — never a silent guess.

use serde::Serialize;

/// Phrases per request type. Matching ignores case and runs of whitespace; the
/// longest phrase found is the one reported.
pub const PHRASES: &[(&str, &[&str])] = &[
    (
        "deletion",
        &[
            "delete my personal data",
            "delete my data",
            "delete my account",
            "delete my information",
            "delete all my",
            "delete my",
            "deletion of my",
            "erase my",
            "erasure",
            "remove my personal data",
            "remove my data",
            "right to be forgotten",
            "刪除我的個人資料",
            "刪除我的資料",
            "刪除個人資料",
            "刪除我的",
            "删除我的个人资料",
            "删除我的",
            "移除我的個人資料",
            "銷毀我的個人資料",
        ],
    ),
    (
        "access",
        &[
            "copy of my personal data",
            "copy of the personal data",
            "copy of my data",
            "access to my personal data",
            "access my personal data",
            "access to my data",
            "data access request",
            "subject access request",
            "what personal data you hold",
            "what personal data do you hold",
            "what data you hold",
            "查閱資料要求",
            "查閱我的個人資料",
            "查閱我的資料",
            "查閱資料",
            "索取我的個人資料",
            "個人資料副本",
            "查阅我的个人资料",
        ],
    ),
    (
        "correction",
        &[
            "correct my personal data",
            "correct my data",
            "correct my",
            "correction of my",
            "data correction request",
            "rectify",
            "rectification",
            "update my personal data",
            "my personal data is inaccurate",
            "inaccurate personal data",
            "改正資料要求",
            "更正我的個人資料",
            "更正我的資料",
            "更正",
            "改正我的",
            "修改我的個人資料",
        ],
    ),
    (
        "withdraw_authorization",
        &[
            "withdraw my authorization",
            "withdraw my authorisation",
            "withdraw authorization",
            "withdraw authorisation",
            "withdraw the authorization",
            "withdraw the authorisation",
            "revoke authorization",
            "revoke authorisation",
            "revoke your access",
            "revoke access",
            "withdraw my consent",
            "withdraw consent",
            "disconnect my store",
            "disconnect my shop",
            "撤回授權",
            "撤銷授權",
            "取消授權",
            "撤回同意",
            "撤回授权",
        ],
    ),
];

/// One phrase found.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Match {
    #[serde(rename = "type")]
    pub kind: String,
    pub phrase: String,
}

/// The outcome: a type and why.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Classification {
    #[serde(rename = "type")]
    pub kind: String,
    /// "matched: 'delete my personal data'", or why it needs triage.
    pub reason: String,
    pub matches: Vec<Match>,
}

fn normalise(text: &str) -> String {
    // Quoted lines of earlier messages are not the request.
    let unquoted: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim_start().starts_with('>'))
        .collect();
    unquoted
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Classifies a message from its subject and text body.
pub fn classify(subject: Option<&str>, body: &str) -> Classification {
    let text = normalise(&format!("{}\n{body}", subject.unwrap_or_default()));
    let mut matches = Vec::new();
    for (kind, phrases) in PHRASES {
        // The longest phrase found; among equals, the one listed first.
        let best = phrases
            .iter()
            .filter(|p| text.contains(&p.to_lowercase()))
            .fold(None::<&&str>, |best, p| match best {
                Some(b) if b.chars().count() >= p.chars().count() => Some(b),
                _ => Some(p),
            });
        if let Some(phrase) = best {
            matches.push(Match {
                kind: kind.to_string(),
                phrase: phrase.to_string(),
            });
        }
    }
    match matches.as_slice() {
        [] => Classification {
            kind: "needs_triage".into(),
            reason: "needs triage: no request phrase matched".into(),
            matches,
        },
        [one] => Classification {
            kind: one.kind.clone(),
            reason: format!("matched: '{}'", one.phrase),
            matches,
        },
        several => {
            let listed: Vec<String> = several
                .iter()
                .map(|m| format!("'{}' ({})", m.phrase, m.kind))
                .collect();
            Classification {
                kind: "needs_triage".into(),
                reason: format!(
                    "needs triage: matched more than one type: {}",
                    listed.join(", ")
                ),
                matches,
            }
        }
    }
}

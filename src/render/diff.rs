//! Differences between two policy texts: a unified line diff for the terminal
//! and a word-level inline diff for people.

use serde::Serialize;
use similar::{ChangeTag, TextDiff};

use super::html::escape;

/// One run of a word-level diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Run {
    /// "equal", "insert" or "delete".
    pub kind: &'static str,
    pub text: String,
}

/// A unified diff of two texts, as `diff -u` prints it.
pub fn unified(old_label: &str, old: &str, new_label: &str, new: &str) -> String {
    TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(old_label, new_label)
        .to_string()
}

/// A word-level diff, adjacent runs of one kind merged.
pub fn words(old: &str, new: &str) -> Vec<Run> {
    let diff = TextDiff::from_words(old, new);
    let mut runs: Vec<Run> = Vec::new();
    for change in diff.iter_all_changes() {
        let kind = match change.tag() {
            ChangeTag::Equal => "equal",
            ChangeTag::Insert => "insert",
            ChangeTag::Delete => "delete",
        };
        match runs.last_mut() {
            Some(last) if last.kind == kind => last.text.push_str(change.value()),
            _ => runs.push(Run {
                kind,
                text: change.value().to_string(),
            }),
        }
    }
    runs
}

/// The word-level diff as an HTML fragment: `<ins>` and `<del>` inside a pre-wrapped block.
pub fn words_html(runs: &[Run]) -> String {
    let mut out = String::from("<div class=\"diff\">");
    for run in runs {
        let text = escape(&run.text);
        match run.kind {
            "insert" => out.push_str(&format!("<ins>{text}</ins>")),
            "delete" => out.push_str(&format!("<del>{text}</del>")),
            _ => out.push_str(&text),
        }
    }
    out.push_str("</div>\n");
    out
}

/// How much changed: words inserted and deleted.
pub fn counts(runs: &[Run]) -> (usize, usize) {
    let words = |kind| -> usize {
        runs.iter()
            .filter(|r| r.kind == kind)
            .map(|r| r.text.split_whitespace().count())
            .sum()
    };
    (words("insert"), words("delete"))
}

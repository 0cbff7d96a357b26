//! The default register, made from the files in `data/` (compiled in, so the
//! CLI and the desktop carry them wherever they are installed): settings, the
//! policy in force, platforms, the scope catalog and retention rules.

use serde::Deserialize;
use serde_json::json;

use crate::db::Register;
use crate::error::{Error, Result};
use crate::register::platforms::{self, Platform, Scope, PURPOSES};
use crate::register::policy::{self, PublishedVersion};
use crate::register::retention::{self, RetentionRule, ACTIONS, TRIGGERS};
use crate::register::settings;

/// `data/settings.toml`.
pub const SETTINGS_TOML: &str = include_str!("../data/settings.toml");
/// `data/policy/privacy-policy-2026-05-31.md`: the policy in force when the register starts.
pub const POLICY_MD: &str = include_str!("../data/policy/privacy-policy-2026-05-31.md");
/// `data/platforms.toml`.
pub const PLATFORMS_TOML: &str = include_str!("../data/platforms.toml");
/// `data/scope-catalog.toml`.
pub const SCOPE_CATALOG_TOML: &str = include_str!("../data/scope-catalog.toml");
/// `data/retention.toml`.
pub const RETENTION_TOML: &str = include_str!("../data/retention.toml");

/// The label of the starting policy version.
pub const POLICY_LABEL: &str = "2026-05-31";

/// `data/settings.toml`'s fields.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DefaultSettings {
    pub organisation: String,
    pub contact_email: String,
    pub default_jurisdiction: String,
    pub withdraw_authorization_target_days: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlatformsFile {
    platform: Vec<Platform>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScopeCatalogFile {
    scope: Vec<Scope>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RetentionFile {
    rule: Vec<RetentionRule>,
}

/// Everything `data/` holds, parsed and checked.
#[derive(Debug)]
pub struct Defaults {
    pub settings: DefaultSettings,
    pub policy_markdown: &'static str,
    pub policy_effective_date: String,
    pub platforms: Vec<Platform>,
    pub scopes: Vec<Scope>,
    pub retention: Vec<RetentionRule>,
}

/// The platform categories the register knows.
pub const CATEGORIES: &[&str] = &[
    "commerce",
    "advertising",
    "analytics",
    "advertising_and_analytics",
    "marketing",
];

/// The sensitivity classes a platform's scopes may carry, in the platform's own terms.
pub fn sensitivity_classes(platform: &str) -> &'static [&'static str] {
    match platform {
        "google" => &["non_sensitive", "sensitive", "restricted"],
        "meta" => &["standard_access", "advanced_access"],
        "shopify" => &[
            "standard",
            "protected_customer_data",
            "protected_customer_fields",
        ],
        _ => &["standard", "sensitive"],
    }
}

fn data_error(file: &str, message: String) -> Error {
    Error::DataFile {
        file: file.to_string(),
        message,
    }
}

fn parse<T: serde::de::DeserializeOwned>(file: &str, text: &str) -> Result<T> {
    toml::from_str(text).map_err(|e| data_error(file, e.to_string()))
}

fn is_code(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Parses and checks a scope catalog in `data/scope-catalog.toml`'s format (the
/// bundled one, or a newer file an officer loads), against the platform codes its
/// scopes may name; `file` names the file in errors.
pub fn parse_scope_catalog(file: &str, text: &str, platforms: &[&str]) -> Result<Vec<Scope>> {
    let ScopeCatalogFile { scope: scopes } = parse(file, text)?;
    for s in &scopes {
        if !platforms.contains(&s.platform.as_str()) {
            return Err(data_error(
                file,
                format!("scope {}: unknown platform '{}'", s.scope, s.platform),
            ));
        }
        if !sensitivity_classes(&s.platform).contains(&s.sensitivity.as_str()) {
            return Err(data_error(
                file,
                format!(
                    "scope {}: '{}' is not a {} sensitivity class ({})",
                    s.scope,
                    s.sensitivity,
                    s.platform,
                    sensitivity_classes(&s.platform).join(", ")
                ),
            ));
        }
        if let Some(bad) = s.purposes.iter().find(|p| !PURPOSES.contains(&p.as_str())) {
            return Err(data_error(
                file,
                format!("scope {}: unknown purpose '{bad}'", s.scope),
            ));
        }
    }
    Ok(scopes)
}

/// Parses and checks the bundled `data/` files.
pub fn load() -> Result<Defaults> {
    let settings: DefaultSettings = parse("data/settings.toml", SETTINGS_TOML)?;

    let policy_file = "data/policy/privacy-policy-2026-05-31.md";
    let effective = policy::last_updated(POLICY_MD)
        .ok_or_else(|| data_error(policy_file, "has no 'Last updated:' line".into()))?;
    if effective.to_string() != POLICY_LABEL {
        return Err(data_error(
            policy_file,
            format!("says Last updated {effective}, not {POLICY_LABEL}"),
        ));
    }

    let PlatformsFile {
        platform: platforms,
    } = parse("data/platforms.toml", PLATFORMS_TOML)?;
    for p in &platforms {
        if !is_code(&p.code) {
            return Err(data_error(
                "data/platforms.toml",
                format!(
                    "platform code '{}' must be lowercase letters, digits or _",
                    p.code
                ),
            ));
        }
        if !CATEGORIES.contains(&p.category.as_str()) {
            return Err(data_error(
                "data/platforms.toml",
                format!("platform {}: unknown category '{}'", p.code, p.category),
            ));
        }
    }

    let codes: Vec<&str> = platforms.iter().map(|p| p.code.as_str()).collect();
    let scopes = parse_scope_catalog("data/scope-catalog.toml", SCOPE_CATALOG_TOML, &codes)?;

    let file = "data/retention.toml";
    let RetentionFile { rule: retention } = parse(file, RETENTION_TOML)?;
    for r in &retention {
        if !is_code(&r.data_category)
            || !TRIGGERS.contains(&r.trigger.as_str())
            || !ACTIONS.contains(&r.action.as_str())
        {
            return Err(data_error(
                file,
                format!(
                    "rule {}: category must be a code, trigger one of {}, action one of {}",
                    r.data_category,
                    TRIGGERS.join(", "),
                    ACTIONS.join(", ")
                ),
            ));
        }
    }

    Ok(Defaults {
        settings,
        policy_markdown: POLICY_MD,
        policy_effective_date: effective.to_string(),
        platforms,
        scopes,
        retention,
    })
}

/// What `init` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InitOutcome {
    /// The default register was loaded.
    Loaded,
    /// The register already held an organisation; nothing was changed.
    AlreadyInitialised,
}

/// True once the register has been initialised.
pub fn is_initialised(reg: &Register) -> Result<bool> {
    Ok(settings::get(reg.conn(), settings::ORGANISATION)?.is_some())
}

/// Loads the default register from `data/` in one write, unless the register is
/// already initialised, in which case it changes nothing.
pub fn init(reg: &mut Register, actor: &str) -> Result<InitOutcome> {
    if is_initialised(reg)? {
        return Ok(InitOutcome::AlreadyInitialised);
    }
    let d = load()?;
    reg.write(actor, |change| {
        change.record(
            "init",
            "register",
            None,
            &json!({ "from": "data/", "release": env!("CARGO_PKG_VERSION") }),
        )?;
        let s = &d.settings;
        settings::set(change, settings::ORGANISATION, &s.organisation)?;
        settings::set(change, settings::CONTACT_EMAIL, &s.contact_email)?;
        settings::set(
            change,
            settings::DEFAULT_JURISDICTION,
            &s.default_jurisdiction,
        )?;
        settings::set(
            change,
            settings::WITHDRAW_TARGET_DAYS,
            &s.withdraw_authorization_target_days.to_string(),
        )?;
        policy::insert_published(
            change,
            &PublishedVersion {
                label: POLICY_LABEL,
                markdown: d.policy_markdown,
                effective_date: &d.policy_effective_date,
                change_summary: "The policy in force when the register was started.",
            },
        )?;
        for p in &d.platforms {
            platforms::insert(change, p)?;
        }
        for s in &d.scopes {
            platforms::insert_scope(change, s)?;
        }
        for r in &d.retention {
            retention::insert(change, r)?;
        }
        Ok(InitOutcome::Loaded)
    })
}

//! Checks on the fields an officer types in a form or brings in a spreadsheet row.
//! Each failure names its field and says in one sentence what is wrong, so a form
//! can show it beside the field and an import can report it as "row N, column C".
//!
//! Conventions, the same everywhere: text is trimmed; an empty optional field is
//! "not set"; dates are `YYYY-MM-DD`; enumerations are lowercase codes; countries
//! are ISO 3166-1 alpha-2 codes (`HK`, `US`, `IE`, …, plus `EU` for "somewhere in
//! the European Union"); list fields are separated by `;`.

use std::fmt;

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::Error;
use crate::time;

/// One field's problem.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FieldError {
    /// The field (and spreadsheet column) name, e.g. `contract_end`.
    pub field: String,
    /// What is wrong, as a sentence fragment: "'2026-02-30' is not a date; write it as YYYY-MM-DD".
    pub message: String,
}

impl FieldError {
    /// A problem with `field`.
    pub fn new(field: &str, message: impl Into<String>) -> Self {
        FieldError {
            field: field.to_string(),
            message: message.into(),
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// Turns a record's field problems into one error: "processor: country: …; contract_end: …".
pub fn into_error(what: &str, errors: &[FieldError]) -> Error {
    let parts: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    Error::Invalid(format!("{what}: {}", parts.join("; ")))
}

/// Collects problems while a record is checked field by field, so every bad field
/// is reported at once rather than only the first.
#[derive(Debug, Default)]
pub struct Checker {
    errors: Vec<FieldError>,
}

impl Checker {
    /// Keeps a check's value, or notes its problem and gives `None`.
    pub fn take<T>(&mut self, checked: Result<T, FieldError>) -> Option<T> {
        match checked {
            Ok(v) => Some(v),
            Err(e) => {
                self.errors.push(e);
                None
            }
        }
    }

    /// Notes a problem found by a check across fields.
    pub fn push(&mut self, error: FieldError) {
        self.errors.push(error);
    }

    /// True when no problem has been noted.
    pub fn is_clean(&self) -> bool {
        self.errors.is_empty()
    }

    /// `value` when every check passed, otherwise every problem noted.
    pub fn finish<T>(self, value: T) -> Result<T, Vec<FieldError>> {
        if self.errors.is_empty() {
            Ok(value)
        } else {
            Err(self.errors)
        }
    }
}

fn clean(raw: &str) -> Option<&str> {
    Some(raw.trim()).filter(|s| !s.is_empty())
}

fn check_chars(field: &str, text: &str, multiline: bool, max: usize) -> Result<(), FieldError> {
    if text.chars().count() > max {
        return Err(FieldError::new(
            field,
            format!(
                "is {} characters long; at most {max} are allowed",
                text.chars().count()
            ),
        ));
    }
    let bad = text
        .chars()
        .find(|&c| c.is_control() && !(multiline && (c == '\n' || c == '\t')));
    if let Some(c) = bad {
        return Err(FieldError::new(
            field,
            format!("holds the control character U+{:04X}; remove it", c as u32),
        ));
    }
    Ok(())
}

/// A required one-line text of at most `max` characters.
pub fn text(field: &str, raw: &str, max: usize) -> Result<String, FieldError> {
    let t = clean(raw).ok_or_else(|| FieldError::new(field, "is required"))?;
    check_chars(field, t, false, max)?;
    Ok(t.to_string())
}

/// An optional one-line text of at most `max` characters.
pub fn opt_text(field: &str, raw: &str, max: usize) -> Result<Option<String>, FieldError> {
    match clean(raw) {
        None => Ok(None),
        Some(t) => {
            check_chars(field, t, false, max)?;
            Ok(Some(t.to_string()))
        }
    }
}

/// Optional free text (notes) that may span lines, at most `max` characters.
pub fn opt_notes(field: &str, raw: &str, max: usize) -> Result<Option<String>, FieldError> {
    match clean(raw) {
        None => Ok(None),
        Some(t) => {
            let t = t.replace("\r\n", "\n");
            check_chars(field, &t, true, max)?;
            Ok(Some(t))
        }
    }
}

/// One of `allowed` (case-insensitive); `default` when empty, or required when `None`.
pub fn one_of(
    field: &str,
    raw: &str,
    allowed: &[&str],
    default: Option<&str>,
) -> Result<String, FieldError> {
    let Some(t) = clean(raw) else {
        return default.map(str::to_string).ok_or_else(|| {
            FieldError::new(field, format!("is required: one of {}", allowed.join(", ")))
        });
    };
    let lower = t.to_lowercase();
    if allowed.contains(&lower.as_str()) {
        Ok(lower)
    } else {
        Err(FieldError::new(
            field,
            format!("'{t}' is not one of {}", allowed.join(", ")),
        ))
    }
}

/// An optional `YYYY-MM-DD` date (parsed by [`time::parse_date`]).
pub fn opt_date(field: &str, raw: &str) -> Result<Option<NaiveDate>, FieldError> {
    match clean(raw) {
        None => Ok(None),
        Some(t) => time::parse_date(field, t).map(Some).map_err(|_| {
            FieldError::new(
                field,
                format!("'{t}' is not a date; write it as YYYY-MM-DD"),
            )
        }),
    }
}

/// A required `YYYY-MM-DD` date.
pub fn date(field: &str, raw: &str) -> Result<NaiveDate, FieldError> {
    opt_date(field, raw)?.ok_or_else(|| FieldError::new(field, "is required (YYYY-MM-DD)"))
}

/// A date no later than `today`.
pub fn not_future(field: &str, d: NaiveDate, today: NaiveDate) -> Result<NaiveDate, FieldError> {
    if d > today {
        Err(FieldError::new(
            field,
            format!("{d} is in the future; today is {today}"),
        ))
    } else {
        Ok(d)
    }
}

/// A plausible e-mail address: one `@`, something before it, a dotted domain after
/// it, no spaces. Stored as written, with the domain lowercased.
pub fn opt_email(field: &str, raw: &str) -> Result<Option<String>, FieldError> {
    let Some(t) = clean(raw) else {
        return Ok(None);
    };
    let bad = || {
        FieldError::new(
            field,
            format!("'{t}' is not an e-mail address like name@example.com"),
        )
    };
    if t.len() > 254 || t.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad());
    }
    let (local, domain) = t.split_once('@').ok_or_else(bad)?;
    let domain_ok = domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && domain
            .chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '-');
    if local.is_empty() || local.contains('@') || !domain_ok {
        return Err(bad());
    }
    Ok(Some(format!("{local}@{}", domain.to_lowercase())))
}

/// A shop's bare domain (`example.myshopify.com`), lowercased.
pub fn opt_domain(field: &str, raw: &str) -> Result<Option<String>, FieldError> {
    let Some(t) = clean(raw) else {
        return Ok(None);
    };
    let d = t.to_lowercase();
    let labels_ok = d.split('.').all(|l| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    });
    if d.len() > 253 || !d.contains('.') || !labels_ok {
        return Err(FieldError::new(
            field,
            format!("'{t}' is not a bare domain; write it like example.myshopify.com (no https:// or /)"),
        ));
    }
    Ok(Some(d))
}

/// ISO 3166-1 alpha-2 codes (officially assigned), plus `EU`.
const COUNTRIES: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ \
BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ \
CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ \
EC EE EG EH ER ES ET EU FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY \
HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP \
KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY \
MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ \
NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA \
RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ \
TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

/// A country as an ISO 3166-1 alpha-2 code (`HK`, `US`, `SG`; `EU` for the European
/// Union), uppercased. Names are refused: codes sort, filter and compare exactly.
pub fn country(field: &str, raw: &str) -> Result<String, FieldError> {
    let t = clean(raw).ok_or_else(|| {
        FieldError::new(
            field,
            "is required: an ISO 3166-1 alpha-2 code such as HK or US",
        )
    })?;
    let code = t.to_uppercase();
    if code.len() == 2 && COUNTRIES.split(' ').any(|c| c == code) {
        Ok(code)
    } else {
        Err(FieldError::new(
            field,
            format!(
                "'{t}' is not an ISO 3166-1 alpha-2 country code; write e.g. HK, US, SG, IE or EU"
            ),
        ))
    }
}

/// A `;`-separated list of short texts; blanks dropped, duplicates kept once.
pub fn list(field: &str, raw: &str, max_each: usize) -> Result<Vec<String>, FieldError> {
    let mut out: Vec<String> = Vec::new();
    for part in raw.split(';') {
        let p = part.trim();
        if p.is_empty() {
            continue;
        }
        check_chars(field, p, false, max_each)?;
        if !out.iter().any(|o| o == p) {
            out.push(p.to_string());
        }
    }
    Ok(out)
}

/// The fields that differ between two records, as `{field: {old, new}}` for the audit log.
pub fn diff<A: Serialize, B: Serialize>(old: &A, new: &B) -> Map<String, Value> {
    let as_map = |v: serde_json::Result<Value>| match v {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    };
    let old = as_map(serde_json::to_value(old));
    let new = as_map(serde_json::to_value(new));
    let mut out = Map::new();
    for (k, new_v) in &new {
        let old_v = old.get(k).cloned().unwrap_or(Value::Null);
        if &old_v != new_v {
            out.insert(k.clone(), serde_json::json!({ "old": old_v, "new": new_v }));
        }
    }
    out
}

/// A date as the register stores it.
pub fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_are_alpha_2_codes() {
        assert_eq!(country("country", " hk ").unwrap(), "HK");
        assert!(country("country", "Hong Kong").is_err());
        assert!(country("country", "XX").is_err());
        assert_eq!(COUNTRIES.split(' ').count(), 250);
    }

    #[test]
    fn emails_must_be_plausible() {
        assert_eq!(
            opt_email("e", "Ann@Example.COM").unwrap().as_deref(),
            Some("Ann@example.com")
        );
        for bad in [
            "ann",
            "ann@",
            "@x.com",
            "ann@x",
            "a b@x.com",
            "a@x..com",
            "a@@x.com",
        ] {
            assert!(opt_email("e", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn domains_are_bare() {
        assert_eq!(
            opt_domain("d", "Shop.MyShopify.com").unwrap().as_deref(),
            Some("shop.myshopify.com")
        );
        assert!(opt_domain("d", "https://shop.com/").is_err());
    }
}

//! The deadline rules and holiday calendars, loaded from `data/jurisdictions.toml`
//! and `data/holidays/*.toml` (compiled in), checked, and applied to a request.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::deadlines::{self, Period, Roll};
use crate::error::{Error, Result};

/// `data/jurisdictions.toml`.
pub const JURISDICTIONS_TOML: &str = include_str!("../../data/jurisdictions.toml");
/// `data/holidays/*.toml`, by calendar name.
pub const HOLIDAY_FILES: &[(&str, &str)] = &[
    ("hk", include_str!("../../data/holidays/hk.toml")),
    ("eu", include_str!("../../data/holidays/eu.toml")),
    ("uk", include_str!("../../data/holidays/uk.toml")),
];

/// The request types a rule may name (`needs_triage` is not one: it takes the earliest).
pub const REQUEST_TYPES: &[&str] = &[
    "access",
    "correction",
    "deletion",
    "withdraw_authorization",
    "other",
];

/// A jurisdiction a request can be handled under.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Jurisdiction {
    pub code: String,
    pub name: String,
}

/// One deadline rule, as written in `data/jurisdictions.toml`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub id: String,
    pub jurisdictions: Vec<String>,
    pub types: Vec<String>,
    #[serde(default)]
    pub channels: Vec<String>,
    #[serde(default)]
    pub days: Option<u32>,
    #[serde(default)]
    pub months: Option<u32>,
    #[serde(default)]
    pub days_setting: Option<String>,
    #[serde(default)]
    pub extension_days: Option<u32>,
    #[serde(default)]
    pub extension_months: Option<u32>,
    #[serde(default)]
    pub acknowledge_business_days: Option<u32>,
    #[serde(default)]
    pub calendar: Option<String>,
    #[serde(default = "yes")]
    pub statutory: bool,
    #[serde(default)]
    pub fallback: bool,
    pub label: String,
    pub source: String,
}

fn yes() -> bool {
    true
}

impl Rule {
    fn applies_to(&self, kind: &str, jurisdiction: &str, channel: &str) -> bool {
        (self
            .jurisdictions
            .iter()
            .any(|j| j == "*" || j == jurisdiction))
            && self.types.iter().any(|t| t == kind)
            && (self.channels.is_empty() || self.channels.iter().any(|c| c == channel))
    }

    /// The extension the rule allows, if any.
    pub fn extension(&self) -> Option<Period> {
        self.extension_days
            .map(Period::Days)
            .or(self.extension_months.map(Period::Months))
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct JurisdictionsFile {
    office_utc_offset_hours: i32,
    jurisdiction: Vec<Jurisdiction>,
    rule: Vec<Rule>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HolidayFile {
    name: String,
    roll: Roll,
    years: Vec<i32>,
    holiday: Vec<Holiday>,
}

/// One holiday in a calendar.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Holiday {
    pub date: toml::value::Datetime,
    pub name: String,
}

/// A holiday calendar and its roll-forward.
#[derive(Debug, Clone, Serialize)]
pub struct Calendar {
    pub code: String,
    pub name: String,
    pub roll: Roll,
    /// The years whose holidays the file lists.
    pub years: Vec<i32>,
    pub holidays: BTreeSet<NaiveDate>,
}

/// Everything the deadline computation needs from the register besides the request:
/// recorded warning days and the settings a rule may read.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// Gale / black rainstorm warning days the officer recorded (Hong Kong s.71(2)).
    pub warning_days: BTreeSet<NaiveDate>,
    /// Setting values by key (e.g. `withdraw_authorization_target_days`).
    pub settings: BTreeMap<String, String>,
}

/// A request's clock: when it started and what changed its length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    /// The date of receipt at the office.
    pub received_on: NaiveDate,
    /// Days the clock was paused (closed pauses only).
    pub paused_days: i64,
    /// Whether the one extension was taken.
    pub extended: bool,
}

/// One applicable rule's due date.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Candidate {
    pub rule_id: String,
    pub rule: String,
    pub due_date: NaiveDate,
}

/// The deadline that governs a request, and why.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Deadline {
    pub due_date: NaiveDate,
    /// The governing rule's id in `data/jurisdictions.toml`.
    pub rule_id: String,
    /// The governing rule, human-readable ("HK PDPO s.19: 40 days").
    pub rule: String,
    pub source: String,
    /// The extension the governing rule allows (when not yet taken).
    pub extension: Option<Period>,
    /// The day by which the extension notice must go out: the end of the unextended period.
    pub extension_notice_due: Option<NaiveDate>,
    /// The acknowledgement deadline, where a rule sets one.
    pub acknowledge_by: Option<NaiveDate>,
    /// Every rule that applied, earliest first.
    pub candidates: Vec<Candidate>,
    /// Anything the officer should know (a calendar that does not cover the year, …).
    pub notes: Vec<String>,
}

/// The loaded rules and calendars.
#[derive(Debug, Clone)]
pub struct Rules {
    /// The office's offset from UTC: the date of receipt is the office's calendar date.
    pub office_offset: chrono::FixedOffset,
    pub jurisdictions: Vec<Jurisdiction>,
    pub rules: Vec<Rule>,
    pub calendars: BTreeMap<String, Calendar>,
}

/// The rules compiled in from `data/`, parsed once.
pub fn bundled() -> Result<&'static Rules> {
    static RULES: OnceLock<std::result::Result<Rules, String>> = OnceLock::new();
    RULES
        .get_or_init(|| Rules::parse(JURISDICTIONS_TOML, HOLIDAY_FILES).map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|message| Error::DataFile {
            file: "data/jurisdictions.toml".into(),
            message: message.clone(),
        })
}

fn data_error(file: &str, message: impl Into<String>) -> Error {
    Error::DataFile {
        file: file.into(),
        message: message.into(),
    }
}

fn toml_date(file: &str, d: &toml::value::Datetime) -> Result<NaiveDate> {
    match (&d.date, &d.time) {
        (Some(date), None) => {
            NaiveDate::from_ymd_opt(i32::from(date.year), date.month.into(), date.day.into())
                .ok_or_else(|| data_error(file, format!("{d} is not a calendar date")))
        }
        _ => Err(data_error(
            file,
            format!("{d} must be a plain date (YYYY-MM-DD)"),
        )),
    }
}

impl Rules {
    /// Parses and checks the rules and calendars.
    pub fn parse(jurisdictions_toml: &str, holiday_files: &[(&str, &str)]) -> Result<Rules> {
        let jfile = "data/jurisdictions.toml";
        let parsed: JurisdictionsFile =
            toml::from_str(jurisdictions_toml).map_err(|e| data_error(jfile, e.to_string()))?;
        let mut calendars = BTreeMap::new();
        for (code, text) in holiday_files {
            let file = format!("data/holidays/{code}.toml");
            let h: HolidayFile =
                toml::from_str(text).map_err(|e| data_error(&file, e.to_string()))?;
            let mut holidays = BTreeSet::new();
            for holiday in &h.holiday {
                let date = toml_date(&file, &holiday.date)?;
                if !h.years.contains(&date.year()) {
                    return Err(data_error(
                        &file,
                        format!(
                            "{date} ({}) is outside the years the file declares",
                            holiday.name
                        ),
                    ));
                }
                if !holidays.insert(date) {
                    return Err(data_error(&file, format!("{date} is listed twice")));
                }
            }
            calendars.insert(
                code.to_string(),
                Calendar {
                    code: code.to_string(),
                    name: h.name,
                    roll: h.roll,
                    years: h.years,
                    holidays,
                },
            );
        }
        let codes: BTreeSet<&str> = parsed
            .jurisdiction
            .iter()
            .map(|j| j.code.as_str())
            .collect();
        if codes.len() != parsed.jurisdiction.len() {
            return Err(data_error(jfile, "a jurisdiction code is listed twice"));
        }
        let mut ids = BTreeSet::new();
        for rule in &parsed.rule {
            let at = |m: String| data_error(jfile, format!("rule {}: {m}", rule.id));
            if !ids.insert(rule.id.as_str()) {
                return Err(at("the id is used twice".into()));
            }
            let periods = [
                rule.days.is_some(),
                rule.months.is_some(),
                rule.days_setting.is_some(),
            ];
            if periods.iter().filter(|p| **p).count() != 1 {
                return Err(at("give exactly one of days, months or days_setting".into()));
            }
            if rule.extension_days.is_some() && rule.extension_months.is_some() {
                return Err(at(
                    "give at most one of extension_days, extension_months".into()
                ));
            }
            for j in &rule.jurisdictions {
                if j != "*" && !codes.contains(j.as_str()) {
                    return Err(at(format!("unknown jurisdiction {j}")));
                }
            }
            for t in &rule.types {
                if !REQUEST_TYPES.contains(&t.as_str()) {
                    return Err(at(format!("unknown request type {t}")));
                }
            }
            for c in &rule.channels {
                if !["email", "shopify_webhook", "manual"].contains(&c.as_str()) {
                    return Err(at(format!("unknown channel {c}")));
                }
            }
            if let Some(cal) = &rule.calendar {
                if !calendars.contains_key(cal) {
                    return Err(at(format!("unknown calendar {cal}")));
                }
            }
            if rule.label.trim().is_empty() || rule.source.trim().is_empty() {
                return Err(at("needs a label and a source".into()));
            }
        }
        let office_offset = chrono::FixedOffset::east_opt(parsed.office_utc_offset_hours * 3600)
            .ok_or_else(|| data_error(jfile, "office_utc_offset_hours is not a UTC offset"))?;
        Ok(Rules {
            office_offset,
            jurisdictions: parsed.jurisdiction,
            rules: parsed.rule,
            calendars,
        })
    }

    /// The jurisdiction with this code, or an error listing the known codes.
    pub fn jurisdiction(&self, code: &str) -> Result<&Jurisdiction> {
        self.jurisdictions
            .iter()
            .find(|j| j.code.eq_ignore_ascii_case(code.trim()))
            .ok_or_else(|| {
                let known: Vec<&str> = self.jurisdictions.iter().map(|j| j.code.as_str()).collect();
                Error::Invalid(format!(
                    "jurisdiction '{code}' is not one the register knows; use one of {}",
                    known.join(", ")
                ))
            })
    }

    /// The date of receipt at the office for an instant.
    pub fn office_date(&self, at: chrono::DateTime<chrono::Utc>) -> NaiveDate {
        at.with_timezone(&self.office_offset).date_naive()
    }

    /// The rules that apply to a request: every matching rule, or the fallback when none
    /// does. A request that still needs triage takes every statutory rule of its
    /// jurisdiction and channel, whatever the type, so its date is the earliest possible.
    pub fn applicable(&self, kind: &str, jurisdiction: &str, channel: &str) -> Vec<&Rule> {
        let matching: Vec<&Rule> = self
            .rules
            .iter()
            .filter(|r| !r.fallback)
            .filter(|r| {
                if kind == "needs_triage" {
                    r.statutory
                        && REQUEST_TYPES
                            .iter()
                            .any(|t| r.applies_to(t, jurisdiction, channel))
                } else {
                    r.applies_to(kind, jurisdiction, channel)
                }
            })
            .collect();
        if !matching.is_empty() {
            return matching;
        }
        let any_type = if kind == "needs_triage" {
            "other"
        } else {
            kind
        };
        self.rules
            .iter()
            .filter(|r| r.fallback && r.applies_to(any_type, jurisdiction, channel))
            .collect()
    }

    fn period(&self, rule: &Rule, ctx: &Context) -> Result<(Period, String)> {
        if let Some(days) = rule.days {
            return Ok((Period::Days(days), rule.label.clone()));
        }
        if let Some(months) = rule.months {
            return Ok((Period::Months(months), rule.label.clone()));
        }
        let key = rule.days_setting.as_deref().unwrap_or_default();
        let value = ctx.settings.get(key).ok_or_else(|| {
            Error::Invalid(format!(
                "rule {} needs the setting {key}, which the register does not have",
                rule.id
            ))
        })?;
        let days: u32 = value.trim().parse().map_err(|_| {
            Error::Invalid(format!(
                "setting {key} is '{value}', not a whole number of days"
            ))
        })?;
        Ok((
            Period::Days(days),
            rule.label.replace("{days}", &days.to_string()),
        ))
    }

    fn roll(
        &self,
        rule: &Rule,
        date: NaiveDate,
        ctx: &Context,
        notes: &mut Vec<String>,
    ) -> NaiveDate {
        let Some(calendar) = rule.calendar.as_ref().and_then(|c| self.calendars.get(c)) else {
            return date;
        };
        if !calendar.years.contains(&date.year()) {
            let note = format!(
                "{} lists no holidays for {}: only the weekly closed days were considered",
                calendar.name,
                date.year()
            );
            if !notes.contains(&note) {
                notes.push(note);
            }
        }
        deadlines::roll_forward(date, calendar.roll, &calendar.holidays, &ctx.warning_days)
    }

    /// The deadline governing a request of `kind` in `jurisdiction` that came through
    /// `channel`: each applicable rule's due date (period, extension if taken, paused
    /// days, then the roll-forward of its calendar); the earliest governs.
    pub fn deadline(
        &self,
        kind: &str,
        jurisdiction: &str,
        channel: &str,
        clock: Clock,
        ctx: &Context,
    ) -> Result<Deadline> {
        let overflow = || Error::Invalid(format!("the date {} is out of range", clock.received_on));
        let mut notes = Vec::new();
        let mut computed = Vec::new();
        for rule in self.applicable(kind, jurisdiction, channel) {
            let (period, label) = self.period(rule, ctx)?;
            let unextended =
                deadlines::end_of_period(clock.received_on, period).ok_or_else(overflow)?;
            let mut end = unextended;
            if clock.extended {
                if let Some(extension) = rule.extension() {
                    end = deadlines::end_of_period(unextended, extension).ok_or_else(overflow)?;
                }
            }
            let due = self.roll(
                rule,
                deadlines::plus_days(end, clock.paused_days),
                ctx,
                &mut notes,
            );
            let notice_due = self.roll(
                rule,
                deadlines::plus_days(unextended, clock.paused_days),
                ctx,
                &mut notes,
            );
            computed.push((rule, label, due, notice_due));
        }
        // Earliest first; among equal dates the rule listed first in the file.
        computed.sort_by_key(|(_, _, due, _)| *due);
        let Some((rule, label, due, notice_due)) = computed.first().cloned() else {
            return Err(Error::Invalid(format!(
                "no deadline rule covers a {kind} request in {jurisdiction}; add one to data/jurisdictions.toml"
            )));
        };
        let label = if kind == "needs_triage" {
            format!("{label} (earliest rule while the type needs triage)")
        } else {
            label
        };
        let acknowledge_by = rule.acknowledge_business_days.map(|n| {
            let holidays = rule
                .calendar
                .as_ref()
                .and_then(|c| self.calendars.get(c))
                .map(|c| c.holidays.clone())
                .unwrap_or_default();
            deadlines::add_business_days(clock.received_on, n, &holidays)
        });
        let extension = if clock.extended {
            None
        } else {
            rule.extension()
        };
        Ok(Deadline {
            due_date: due,
            rule_id: rule.id.clone(),
            rule: label,
            source: rule.source.clone(),
            extension,
            extension_notice_due: extension.map(|_| notice_due),
            acknowledge_by,
            candidates: computed
                .iter()
                .map(|(r, l, d, _)| Candidate {
                    rule_id: r.id.clone(),
                    rule: l.clone(),
                    due_date: *d,
                })
                .collect(),
            notes,
        })
    }
}

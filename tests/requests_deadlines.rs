//! Statutory deadlines, as a table of dated cases: each test names the date of
//! receipt, the rule and the due date the law gives.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use workbench::rules::deadlines::{self, Period, Roll};
use workbench::rules::{self, Clock, Context, Deadline};

fn d(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn ctx(warning_days: &[&str]) -> Context {
    Context {
        warning_days: warning_days.iter().map(|w| d(w)).collect(),
        settings: [(
            "withdraw_authorization_target_days".to_string(),
            "14".to_string(),
        )]
        .into(),
    }
}

fn deadline_with(
    kind: &str,
    jurisdiction: &str,
    channel: &str,
    received: &str,
    paused_days: i64,
    extended: bool,
    warning_days: &[&str],
) -> Deadline {
    rules::bundled()
        .unwrap()
        .deadline(
            kind,
            jurisdiction,
            channel,
            Clock {
                received_on: d(received),
                paused_days,
                extended,
            },
            &ctx(warning_days),
        )
        .unwrap()
}

fn due(kind: &str, jurisdiction: &str, received: &str) -> (String, String) {
    let dl = deadline_with(kind, jurisdiction, "email", received, 0, false, &[]);
    (dl.due_date.to_string(), dl.rule)
}

/// `case!(name, kind, jurisdiction, received, expected due, rule label starts with)`
macro_rules! case {
    ($name:ident, $kind:expr, $j:expr, $received:expr, $due:expr, $rule:expr) => {
        #[test]
        fn $name() {
            let (due_date, rule) = due($kind, $j, $received);
            assert_eq!(due_date, $due, "due date (rule {rule})");
            assert!(rule.starts_with($rule), "rule was {rule}");
        }
    };
}

// Hong Kong PDPO: 40 days after the day of receipt; Cap. 1 s.71 moves a deadline off
// Sundays and general holidays (not Saturdays).
case!(
    received_2_jan_2025_hk_access_is_due_11_feb,
    "access",
    "HK",
    "2025-01-02",
    "2025-02-11",
    "HK PDPO s.19: 40 days"
);
case!(
    received_2_jan_2025_hk_correction_is_due_11_feb_under_s23,
    "correction",
    "HK",
    "2025-01-02",
    "2025-02-11",
    "HK PDPO s.23: 40 days"
);
case!(
    hk_deadline_on_lunar_new_year_2025_moves_past_all_three_days_to_saturday_1_feb,
    "access",
    "HK",
    "2024-12-20",
    "2025-02-01",
    "HK PDPO s.19"
);
case!(
    hk_deadline_on_christmas_2025_moves_past_boxing_day_to_saturday_27_dec,
    "access",
    "HK",
    "2025-11-15",
    "2025-12-27",
    "HK PDPO s.19"
);
case!(
    hk_deadline_on_a_sunday_moves_to_monday,
    "access",
    "HK",
    "2025-02-04",
    "2025-03-17",
    "HK PDPO s.19"
);
case!(
    hk_deadline_on_a_saturday_stays,
    "access",
    "HK",
    "2025-02-03",
    "2025-03-15",
    "HK PDPO s.19"
);
case!(
    hk_deadline_across_the_year_end_lands_on_saturday_10_jan_2026,
    "access",
    "HK",
    "2025-12-01",
    "2026-01-10",
    "HK PDPO s.19"
);
case!(
    hk_deadline_on_new_years_day_2026_moves_to_2_jan,
    "access",
    "HK",
    "2025-11-22",
    "2026-01-02",
    "HK PDPO s.19"
);
case!(
    hk_deadline_on_good_friday_2026_moves_past_easter_and_ching_ming_to_8_apr,
    "access",
    "HK",
    "2026-02-22",
    "2026-04-08",
    "HK PDPO s.19"
);
case!(
    hk_deadline_on_lunar_new_year_2026_moves_to_friday_20_feb,
    "access",
    "HK",
    "2026-01-08",
    "2026-02-20",
    "HK PDPO s.19"
);
case!(
    received_30_jan_2027_hk_counts_28_days_of_february,
    "access",
    "HK",
    "2027-01-30",
    "2027-03-11",
    "HK PDPO s.19"
);
case!(
    received_30_jan_2028_hk_counts_the_leap_day,
    "access",
    "HK",
    "2028-01-30",
    "2028-03-10",
    "HK PDPO s.19"
);

// EU / UK GDPR: one month (same date next month, or that month's last day), then
// Regulation 1182/71 Art. 3(4): off Saturdays, Sundays and holidays.
case!(
    received_31_jan_gdpr_is_due_28_feb,
    "access",
    "EU",
    "2025-01-31",
    "2025-02-28",
    "EU GDPR Art. 12(3): one month"
);
case!(
    received_31_jan_2028_gdpr_is_due_29_feb_in_a_leap_year,
    "access",
    "EU",
    "2028-01-31",
    "2028-02-29",
    "EU GDPR"
);
case!(
    received_31_jan_2026_gdpr_due_saturday_28_feb_moves_to_monday_2_mar,
    "deletion",
    "EU",
    "2026-01-31",
    "2026-03-02",
    "EU GDPR"
);
case!(
    received_15_mar_gdpr_is_due_on_the_same_date_15_apr,
    "correction",
    "EU",
    "2025-03-15",
    "2025-04-15",
    "EU GDPR"
);
case!(
    received_31_mar_gdpr_is_due_30_apr,
    "access",
    "EU",
    "2025-03-31",
    "2025-04-30",
    "EU GDPR"
);
case!(
    gdpr_deadline_on_a_saturday_moves_to_monday,
    "access",
    "EU",
    "2025-04-10",
    "2025-05-12",
    "EU GDPR"
);
case!(
    gdpr_deadline_on_christmas_2025_moves_to_26_dec,
    "access",
    "EU",
    "2025-11-25",
    "2025-12-26",
    "EU GDPR"
);
case!(
    received_1_dec_2025_gdpr_due_new_years_day_moves_to_2_jan_2026,
    "access",
    "EU",
    "2025-12-01",
    "2026-01-02",
    "EU GDPR"
);
case!(
    received_31_dec_2025_gdpr_is_due_31_jan_2026_a_saturday_so_2_feb,
    "access",
    "EU",
    "2025-12-31",
    "2026-02-02",
    "EU GDPR"
);
case!(
    uk_deadline_on_good_friday_2025_moves_to_monday_21_apr,
    "access",
    "UK",
    "2025-03-18",
    "2025-04-21",
    "UK GDPR Art. 12(3)"
);

// Other jurisdictions: calendar days, no roll-forward kept.
case!(
    received_2_jan_2025_ccpa_is_due_45_days_later_on_a_sunday,
    "deletion",
    "US-CA",
    "2025-01-02",
    "2025-02-16",
    "US-CA CCPA"
);
case!(
    received_2_jan_2025_sg_access_is_due_1_feb,
    "access",
    "SG",
    "2025-01-02",
    "2025-02-01",
    "SG PDPA s.21: 30 days"
);
case!(
    received_2_jan_2025_br_access_is_due_17_jan,
    "access",
    "BR",
    "2025-01-02",
    "2025-01-17",
    "BR LGPD Art. 19(II): 15 days"
);

// Internal targets.
case!(
    withdraw_authorization_takes_the_internal_target_from_settings,
    "withdraw_authorization",
    "HK",
    "2025-01-02",
    "2025-01-16",
    "Internal target: 14 days (setting"
);
case!(
    hk_deletion_has_no_statutory_period_and_takes_the_fallback_target,
    "deletion",
    "HK",
    "2025-01-02",
    "2025-02-01",
    "Internal target: 30 days"
);
case!(
    needs_triage_in_hk_takes_the_earliest_statutory_rule,
    "needs_triage",
    "HK",
    "2025-01-02",
    "2025-02-11",
    "HK PDPO s.19: 40 days (earliest rule while the type needs triage)"
);
case!(
    needs_triage_in_eu_takes_one_month,
    "needs_triage",
    "EU",
    "2025-01-31",
    "2025-02-28",
    "EU GDPR"
);

#[test]
fn a_recorded_black_rainstorm_day_moves_a_hk_deadline_to_the_next_day() {
    let dl = deadline_with(
        "access",
        "HK",
        "email",
        "2025-02-05",
        0,
        false,
        &["2025-03-17"],
    );
    assert_eq!(dl.due_date, d("2025-03-18"));
}

#[test]
fn a_sunday_then_a_warning_day_moves_a_hk_deadline_two_days() {
    let dl = deadline_with(
        "access",
        "HK",
        "email",
        "2025-02-04",
        0,
        false,
        &["2025-03-17"],
    );
    assert_eq!(dl.due_date, d("2025-03-18"));
}

#[test]
fn a_warning_day_does_not_move_a_gdpr_deadline() {
    let dl = deadline_with(
        "access",
        "EU",
        "email",
        "2025-03-15",
        0,
        false,
        &["2025-04-15"],
    );
    assert_eq!(dl.due_date, d("2025-04-15"));
}

#[test]
fn a_shopify_webhook_for_an_eu_customer_takes_the_earlier_shopify_30_days() {
    // GDPR: 1 Feb 2025 is a Saturday, so 3 Feb; Shopify: 30 days = 31 Jan.
    let dl = deadline_with(
        "deletion",
        "EU",
        "shopify_webhook",
        "2025-01-01",
        0,
        false,
        &[],
    );
    assert_eq!(dl.due_date, d("2025-01-31"));
    assert_eq!(dl.rule, "Shopify compliance webhook: 30 days");
    assert_eq!(dl.candidates.len(), 2);
    assert_eq!(dl.candidates[1].due_date, d("2025-02-03"));
}

#[test]
fn a_shopify_webhook_for_an_eu_customer_received_31_jan_takes_the_earlier_gdpr_date() {
    let dl = deadline_with(
        "deletion",
        "EU",
        "shopify_webhook",
        "2025-01-31",
        0,
        false,
        &[],
    );
    assert_eq!(dl.due_date, d("2025-02-28"));
    assert_eq!(dl.rule, "EU GDPR Art. 12(3): one month");
}

#[test]
fn a_shopify_data_request_in_hk_takes_30_days_before_the_pdpo_40() {
    let dl = deadline_with(
        "access",
        "HK",
        "shopify_webhook",
        "2025-01-02",
        0,
        false,
        &[],
    );
    assert_eq!(dl.due_date, d("2025-02-01"));
    assert_eq!(dl.rule, "Shopify compliance webhook: 30 days");
}

#[test]
fn gdpr_extension_adds_two_months_to_the_unextended_end_with_notice_inside_the_first_month() {
    let before = deadline_with("access", "EU", "email", "2025-01-31", 0, false, &[]);
    assert_eq!(before.extension, Some(Period::Months(2)));
    assert_eq!(before.extension_notice_due, Some(d("2025-02-28")));
    let after = deadline_with("access", "EU", "email", "2025-01-31", 0, true, &[]);
    assert_eq!(after.due_date, d("2025-04-28"));
    assert_eq!(after.extension, None, "only one extension");
}

#[test]
fn ccpa_acknowledges_in_10_business_days_and_extends_by_45() {
    let dl = deadline_with("access", "US-CA", "email", "2025-01-02", 0, false, &[]);
    assert_eq!(dl.acknowledge_by, Some(d("2025-01-16")));
    assert_eq!(dl.extension, Some(Period::Days(45)));
    let ext = deadline_with("access", "US-CA", "email", "2025-01-02", 0, true, &[]);
    assert_eq!(ext.due_date, d("2025-04-02"));
}

#[test]
fn hk_pdpo_allows_no_extension() {
    let dl = deadline_with("access", "HK", "email", "2025-01-02", 0, false, &[]);
    assert_eq!(dl.extension, None);
    assert_eq!(dl.extension_notice_due, None);
}

#[test]
fn ten_paused_days_push_a_hk_deadline_ten_days() {
    let dl = deadline_with("access", "HK", "email", "2025-01-02", 10, false, &[]);
    assert_eq!(dl.due_date, d("2025-02-21"));
}

#[test]
fn a_deadline_beyond_the_holiday_calendar_says_so() {
    let dl = deadline_with("access", "HK", "email", "2028-01-30", 0, false, &[]);
    assert!(
        dl.notes.iter().any(|n| n.contains("2028")),
        "{:?}",
        dl.notes
    );
    let covered = deadline_with("access", "HK", "email", "2025-01-02", 0, false, &[]);
    assert!(covered.notes.is_empty(), "{:?}", covered.notes);
}

#[test]
fn month_arithmetic_clamps_to_the_last_day_of_the_month() {
    for (start, months, end) in [
        ("2024-01-31", 1, "2024-02-29"),
        ("2023-01-31", 1, "2023-02-28"),
        ("2025-08-31", 1, "2025-09-30"),
        ("2025-12-31", 1, "2026-01-31"),
        ("2025-12-15", 1, "2026-01-15"),
        ("2025-02-28", 2, "2025-04-28"),
    ] {
        assert_eq!(
            deadlines::end_of_period(d(start), Period::Months(months)),
            Some(d(end)),
            "{start} + {months} month(s)"
        );
    }
    assert_eq!(
        deadlines::end_of_period(d("2025-12-15"), Period::Days(40)),
        Some(d("2026-01-24"))
    );
}

#[test]
fn hk_roll_forward_skips_sundays_but_not_saturdays() {
    let none = BTreeSet::new();
    assert_eq!(
        deadlines::roll_forward(d("2025-03-15"), Roll::HkCap1S71, &none, &none),
        d("2025-03-15")
    );
    assert_eq!(
        deadlines::roll_forward(d("2025-03-16"), Roll::HkCap1S71, &none, &none),
        d("2025-03-17")
    );
    assert_eq!(
        deadlines::roll_forward(d("2025-03-15"), Roll::NextWorkingDay, &none, &none),
        d("2025-03-17")
    );
}

#[test]
fn the_bundled_rules_load_with_a_source_for_every_rule() {
    let r = rules::bundled().unwrap();
    for code in ["HK", "EU", "UK", "US-CA", "SG", "BR"] {
        r.jurisdiction(code).unwrap();
    }
    assert!(r.rules.iter().all(|rule| !rule.source.is_empty()));
    let hk = &r.calendars["hk"];
    for year in [2025, 2026, 2027] {
        let n = hk
            .holidays
            .iter()
            .filter(|h| chrono::Datelike::year(*h) == year)
            .count();
        assert_eq!(
            n, 17,
            "Hong Kong has 17 general holidays besides Sundays in {year}"
        );
    }
}

#[test]
fn an_unknown_jurisdiction_is_refused_naming_the_known_ones() {
    let err = rules::bundled().unwrap().jurisdiction("FR").unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("'FR'") && text.contains("HK") && text.contains("US-CA"),
        "{text}"
    );
}

#[test]
fn a_rule_with_an_unknown_calendar_is_refused() {
    let bad = workbench::rules::jurisdictions::JURISDICTIONS_TOML
        .replace("calendar = \"eu\"", "calendar = \"mars\"");
    let err = workbench::rules::Rules::parse(&bad, workbench::rules::jurisdictions::HOLIDAY_FILES)
        .unwrap_err();
    assert!(err.to_string().contains("unknown calendar mars"), "{err}");
}

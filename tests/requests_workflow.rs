//! The request workflow through the library: manual entry, transitions with notes,
//! identity, classification, jurisdiction, extension, pause and resume, warning days
//! and the PDPO refusal log book — each audited.

use chrono::NaiveDate;
use workbench::defaults;
use workbench::register::requests::{self, ListFilter, NewRequest};
use workbench::rules::{self, Rules};
use workbench::{audit, Error, Register};

fn d(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn rules() -> &'static Rules {
    rules::bundled().unwrap()
}

fn register() -> Register {
    let mut reg = Register::open_in_memory().unwrap();
    defaults::init(&mut reg, "test").unwrap();
    reg
}

fn add(reg: &mut Register, kind: &str, jurisdiction: &str, received: &str) -> i64 {
    let new = NewRequest {
        received_at: format!("{received}T00:00:00Z"),
        received_on: d(received),
        channel: "manual".into(),
        requester_name: Some("Chan Tai Man".into()),
        requester_email: Some("tai.man@example.com".into()),
        merchant_id: None,
        kind: kind.into(),
        classification_note: Some("entered by hand".into()),
        jurisdiction: jurisdiction.into(),
        subject: None,
        body: None,
        note: Some("phoned in, confirmed by email".into()),
        message: None,
    };
    reg.write("officer", |c| requests::insert(c, rules(), &new))
        .unwrap()
}

fn row(reg: &Register, id: i64, today: &str) -> requests::RequestRow {
    requests::show(reg.conn(), rules(), id, d(today))
        .unwrap()
        .row
}

fn last_audit_action(reg: &Register) -> String {
    audit::list(reg.conn(), 1, 0).unwrap()[0].action.clone()
}

fn invalid(result: workbench::Result<impl std::fmt::Debug>) -> String {
    match result {
        Err(Error::Invalid(text)) => text,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn a_manual_hk_access_request_is_due_in_40_days_and_audited() {
    let mut reg = register();
    let id = add(&mut reg, "access", "HK", "2026-11-02");
    let r = row(&reg, id, "2026-11-03");
    assert_eq!(r.due_date.as_deref(), Some("2026-12-12"));
    assert_eq!(r.rule.as_deref(), Some("HK PDPO s.19: 40 days"));
    assert_eq!(r.status, "received");
    assert_eq!(r.days_left, Some(39));
    assert_eq!(last_audit_action(&reg), "add");
    let t = requests::timeline(reg.conn(), id).unwrap();
    assert_eq!(t[0].kind, "received");
    assert_eq!(t[0].detail["note"], "phoned in, confirmed by email");
}

#[test]
fn the_workflow_moves_step_by_step_with_notes_and_closes_for_good() {
    let mut reg = register();
    let id = add(&mut reg, "deletion", "HK", "2026-11-02");
    let today = d("2026-11-05");
    let skip = reg.write("officer", |c| {
        requests::transition(c, id, "completed", Some("done"), today)
    });
    assert!(invalid(skip)
        .contains("it can become identity_check, in_progress, refused, withdrawn, not completed"));
    reg.write("officer", |c| {
        requests::transition(
            c,
            id,
            "identity_check",
            Some("asked for order number"),
            today,
        )
    })
    .unwrap();
    reg.write("officer", |c| {
        requests::verify_identity(c, id, "order number matched", d("2026-11-04"), today)
    })
    .unwrap();
    reg.write("officer", |c| {
        requests::transition(c, id, "in_progress", None, today)
    })
    .unwrap();
    let no_note = reg.write("officer", |c| {
        requests::transition(c, id, "completed", None, today)
    });
    assert!(invalid(no_note).contains("needs a note"));
    reg.write("officer", |c| {
        requests::transition(
            c,
            id,
            "completed",
            Some("deleted from TrackTrack and backups"),
            today,
        )
    })
    .unwrap();
    let detail = requests::show(reg.conn(), rules(), id, today).unwrap();
    assert_eq!(detail.row.status, "completed");
    assert_eq!(
        detail.identity_method.as_deref(),
        Some("order number matched")
    );
    assert_eq!(detail.identity_verified_on.as_deref(), Some("2026-11-04"));
    assert_eq!(
        detail.outcome.as_deref(),
        Some("deleted from TrackTrack and backups")
    );
    assert!(detail.closed_at.is_some());
    let kinds: Vec<&str> = detail.timeline.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "received",
            "status",
            "identity_verified",
            "status",
            "status"
        ]
    );
    assert_eq!(detail.timeline[1].detail["note"], "asked for order number");
    assert_eq!(
        detail.row.days_left, None,
        "closed requests have no days left"
    );

    let reopen = reg.write("officer", |c| {
        requests::transition(c, id, "in_progress", None, today)
    });
    assert!(invalid(reopen).contains("closed"));
    let pause = reg.write("officer", |c| requests::pause(c, id, "x", today));
    assert!(invalid(pause).contains("a closed request does not change"));
}

#[test]
fn correcting_the_type_recomputes_the_deadline_and_is_audited() {
    let mut reg = register();
    let id = add(&mut reg, "needs_triage", "HK", "2026-11-02");
    assert!(row(&reg, id, "2026-11-02")
        .rule
        .unwrap()
        .contains("while the type needs triage"));
    reg.write("kwok", |c| {
        requests::classify(
            c,
            rules(),
            id,
            "withdraw",
            Some("asks to disconnect the store"),
        )
    })
    .unwrap();
    let r = row(&reg, id, "2026-11-02");
    assert_eq!(r.kind, "withdraw_authorization");
    assert_eq!(r.due_date.as_deref(), Some("2026-11-16"));
    let entry = &audit::list(reg.conn(), 1, 0).unwrap()[0];
    assert_eq!(
        (entry.action.as_str(), entry.actor.as_str()),
        ("classify", "kwok")
    );
    assert!(
        entry.change.contains("needs_triage") && entry.change.contains("withdraw_authorization")
    );
}

#[test]
fn changing_the_jurisdiction_recomputes_the_due_date() {
    let mut reg = register();
    let id = add(&mut reg, "access", "HK", "2026-11-02");
    reg.write("officer", |c| {
        requests::set_jurisdiction(c, rules(), id, "eu", Some("customer lives in Berlin"))
    })
    .unwrap();
    let r = row(&reg, id, "2026-11-02");
    assert_eq!(r.jurisdiction, "EU");
    assert_eq!(r.due_date.as_deref(), Some("2026-12-02"));
    assert_eq!(r.rule.as_deref(), Some("EU GDPR Art. 12(3): one month"));
    let unknown = reg.write("officer", |c| {
        requests::set_jurisdiction(c, rules(), id, "FR", None)
    });
    assert!(invalid(unknown).contains("'FR' is not one the register knows"));
}

#[test]
fn a_gdpr_extension_is_taken_once_with_its_reason_inside_the_first_month() {
    let mut reg = register();
    let id = add(&mut reg, "access", "EU", "2026-11-02");
    let e = reg
        .write("officer", |c| {
            requests::extend(
                c,
                rules(),
                id,
                "12 years of order history across three shops",
                d("2026-11-20"),
            )
        })
        .unwrap();
    assert_eq!(e.old_due_date.as_deref(), Some("2026-12-02"));
    assert_eq!(e.new_due_date, "2027-02-02");
    assert_eq!(e.notice_due, "2026-12-02");
    let r = row(&reg, id, "2026-11-20");
    assert!(r.extended);
    assert_eq!(r.due_date.as_deref(), Some("2027-02-02"));
    assert_eq!(last_audit_action(&reg), "extend");
    let again = reg.write("officer", |c| {
        requests::extend(c, rules(), id, "more", d("2026-11-21"))
    });
    assert!(invalid(again).contains("already extended"));
}

#[test]
fn an_extension_after_its_notice_deadline_or_under_the_pdpo_is_refused() {
    let mut reg = register();
    let eu = add(&mut reg, "access", "EU", "2026-11-02");
    let late = reg.write("officer", |c| {
        requests::extend(c, rules(), eu, "busy", d("2026-12-03"))
    });
    assert!(invalid(late).contains("had to go out by 2026-12-02"));
    let hk = add(&mut reg, "access", "HK", "2026-11-02");
    let pdpo = reg.write("officer", |c| {
        requests::extend(c, rules(), hk, "busy", d("2026-11-03"))
    });
    assert!(invalid(pdpo).contains("(HK PDPO s.19: 40 days) allows no extension"));
    let blank = reg.write("officer", |c| {
        requests::extend(c, rules(), eu, "  ", d("2026-11-03"))
    });
    assert!(invalid(blank).contains("reason must not be empty"));
}

#[test]
fn paused_days_push_the_due_date_and_a_paused_request_is_not_overdue() {
    let mut reg = register();
    let id = add(&mut reg, "access", "HK", "2026-11-02");
    reg.write("officer", |c| {
        requests::pause(c, id, "waiting for proof of identity", d("2026-11-10"))
    })
    .unwrap();
    let twice = reg.write("officer", |c| {
        requests::pause(c, id, "again", d("2026-11-11"))
    });
    assert!(invalid(twice).contains("already paused since 2026-11-10"));
    let paused = row(&reg, id, "2026-12-20");
    assert_eq!(paused.paused_since.as_deref(), Some("2026-11-10"));
    assert!(!paused.overdue);
    reg.write("officer", |c| {
        requests::resume(c, rules(), id, Some("proof received"), d("2026-11-20"))
    })
    .unwrap();
    let r = row(&reg, id, "2026-11-20");
    assert_eq!(
        r.due_date.as_deref(),
        Some("2026-12-22"),
        "40 days + 10 paused"
    );
    assert_eq!(r.paused_since, None);
    let not_paused = reg.write("officer", |c| {
        requests::resume(c, rules(), id, None, d("2026-11-21"))
    });
    assert!(invalid(not_paused).contains("is not paused"));
    let t = requests::timeline(reg.conn(), id).unwrap();
    assert_eq!(t.last().unwrap().detail["paused_days"], 10);
}

#[test]
fn a_recorded_black_rainstorm_day_moves_open_hk_deadlines_and_is_audited() {
    let mut reg = register();
    // Received 2 Nov 2026 → due Sat 12 Dec 2026; a warning that day moves it to Mon 14
    // Dec (13 Dec is a Sunday).
    let hk = add(&mut reg, "access", "HK", "2026-11-02");
    let eu = add(&mut reg, "access", "EU", "2026-11-12");
    let moved = reg
        .write("officer", |c| {
            requests::add_warning_day(c, rules(), d("2026-12-12"), "Black rainstorm warning")
        })
        .unwrap();
    assert_eq!(moved, 1);
    assert_eq!(
        row(&reg, hk, "2026-11-20").due_date.as_deref(),
        Some("2026-12-14")
    );
    assert_eq!(
        row(&reg, eu, "2026-11-20").due_date.as_deref(),
        Some("2026-12-14"),
        "GDPR: Sat 12 Dec rolls to Monday anyway"
    );
    let t = requests::timeline(reg.conn(), hk).unwrap();
    assert_eq!(t.last().unwrap().kind, "deadline");
    assert_eq!(
        requests::warning_days(reg.conn()).unwrap()[0].reason,
        "Black rainstorm warning"
    );
    let twice = reg.write("officer", |c| {
        requests::add_warning_day(c, rules(), d("2026-12-12"), "again")
    });
    assert!(invalid(twice).contains("already a recorded warning day"));
    reg.write("officer", |c| {
        requests::remove_warning_day(c, rules(), d("2026-12-12"))
    })
    .unwrap();
    assert_eq!(
        row(&reg, hk, "2026-11-20").due_date.as_deref(),
        Some("2026-12-12")
    );
}

#[test]
fn list_filters_by_status_overdue_and_due_within() {
    let mut reg = register();
    let old = add(&mut reg, "access", "HK", "2026-09-01"); // due 2026-10-12 (Mon)
    let soon = add(&mut reg, "access", "HK", "2026-10-20"); // due 2026-11-30 (Mon)
    let later = add(&mut reg, "access", "EU", "2026-11-20"); // due 2026-12-21 (Mon)
    let today = d("2026-11-25");
    let ids = |f: ListFilter| -> Vec<i64> {
        requests::list_filtered(reg.conn(), &f, today)
            .unwrap()
            .iter()
            .map(|r| r.id)
            .collect()
    };
    assert_eq!(ids(ListFilter::default()), [old, soon, later]);
    assert_eq!(
        ids(ListFilter {
            overdue: true,
            ..Default::default()
        }),
        [old]
    );
    assert_eq!(
        ids(ListFilter {
            due_within: Some(7),
            ..Default::default()
        }),
        [soon]
    );
    assert_eq!(
        ids(ListFilter {
            status: Some("received".into()),
            ..Default::default()
        })
        .len(),
        3
    );
    let summary = requests::summary(reg.conn(), today).unwrap();
    assert_eq!(
        (
            summary.open,
            summary.overdue,
            summary.due_this_week,
            summary.needs_triage
        ),
        (3, 1, 1, 0)
    );
    let bad = requests::list_filtered(
        reg.conn(),
        &ListFilter {
            status: Some("open".into()),
            ..Default::default()
        },
        today,
    );
    assert!(invalid(bad).contains("status 'open' is not one of"));
}

#[test]
fn a_pdpo_refusal_goes_into_the_log_book_which_keeps_it_four_years() {
    let mut reg = register();
    let id = add(&mut reg, "access", "HK", "2026-11-02");
    let today = d("2026-11-20");
    reg.write("officer", |c| {
        requests::transition(
            c,
            id,
            "refused",
            Some("s.20(1)(b): would disclose another person's data"),
            today,
        )
    })
    .unwrap();
    let log = requests::refusal_log(reg.conn()).unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].refused_on, "2026-11-20");
    assert!(log[0].reasons.contains("s.20(1)(b)"));

    let purge = reg.write("officer", |c| {
        requests::purge_refusal_log(c, d("2026-12-01"), d("2026-11-29"))
    });
    assert!(invalid(purge).contains("keeps entries at least 4 years"));
    // Even a caller that lies about today cannot drop a young entry: the database refuses.
    let forced = reg.write("officer", |c| {
        requests::purge_refusal_log(c, d("2026-12-01"), d("2031-01-01"))
    });
    assert!(forced
        .unwrap_err()
        .to_string()
        .contains("kept at least four years"));
    assert_eq!(requests::refusal_log(reg.conn()).unwrap().len(), 1);

    // An entry over four years old can be purged.
    let old = add(&mut reg, "correction", "HK", "2021-05-01");
    reg.write("officer", |c| {
        requests::transition(
            c,
            old,
            "refused",
            Some("s.24(1): not satisfied the data are inaccurate"),
            d("2021-06-01"),
        )
    })
    .unwrap();
    let n = reg
        .write("officer", |c| {
            requests::purge_refusal_log(c, d("2022-01-01"), workbench::time::today())
        })
        .unwrap();
    assert_eq!(n, 1);
    assert_eq!(last_audit_action(&reg), "purge");
    assert_eq!(requests::refusal_log(reg.conn()).unwrap().len(), 1);
}

#[test]
fn refusals_outside_hong_kong_do_not_go_into_the_pdpo_log_book() {
    let mut reg = register();
    let id = add(&mut reg, "access", "EU", "2026-11-02");
    reg.write("officer", |c| {
        requests::transition(
            c,
            id,
            "refused",
            Some("manifestly unfounded"),
            d("2026-11-03"),
        )
    })
    .unwrap();
    assert!(requests::refusal_log(reg.conn()).unwrap().is_empty());
}

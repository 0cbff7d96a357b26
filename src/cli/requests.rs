//! `workbench requests …`: data-subject rights requests.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::Subcommand;
use workbench::register::requests::{self, RequestQuery, RequestRow};
use workbench::rules::{self, Rules};
use workbench::{calendar, intake, letters, time, Error, Register};

use super::output::{opt, print_json, print_page, print_rows};
use super::{actor, JsonFlag, Outcome};

/// The requests verbs.
#[derive(Subcommand)]
pub enum Command {
    /// Import requests from .eml, .mbox and Shopify webhook .json files (all or nothing)
    Import {
        /// The files
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Enter a request by hand
    Add {
        /// access, correction, deletion, withdraw or other
        #[arg(long = "type", value_name = "TYPE")]
        kind: String,
        /// The requester's email address
        #[arg(long)]
        email: String,
        /// The requester's name
        #[arg(long)]
        name: Option<String>,
        /// The merchant (id, name or shop domain)
        #[arg(long)]
        merchant: Option<String>,
        /// The date the request was received (YYYY-MM-DD)
        #[arg(long, value_name = "YYYY-MM-DD")]
        received: String,
        /// The jurisdiction code (HK, EU, UK, US-CA, SG, BR) [default: the register's]
        #[arg(long, value_name = "CODE")]
        jurisdiction: Option<String>,
        /// A note for the timeline (how it arrived, what was asked)
        #[arg(long)]
        note: Option<String>,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// List the requests, soonest due first.
    ///
    /// Without --search, --limit, --offset, --sort or --desc it prints every request that
    /// matches (with --json, an array of rows). With any of them it prints one page: with
    /// --json the object {"total", "offset", "limit", "rows": [...]}, whose rows have the
    /// same fields; as text the table and a line saying which rows of how many it shows.
    #[command(verbatim_doc_comment)]
    List {
        /// Only requests in this status
        #[arg(long, value_name = "S")]
        status: Option<String>,
        /// Only requests of this type (access, correction, deletion, withdraw, other, needs_triage)
        #[arg(long = "type", value_name = "TYPE")]
        kind: Option<String>,
        /// Only open requests past their due date (paused ones excepted)
        #[arg(long)]
        overdue: bool,
        /// Only open requests due from today to this many days ahead
        #[arg(long, value_name = "DAYS")]
        due_within: Option<u32>,
        /// Words to find in the subject, requester name, email and message text (all must
        /// appear; the last may be the start of a word); a number also finds that request id
        #[arg(long, value_name = "TEXT")]
        search: Option<String>,
        /// Rows a page, 1 to 1000 [default with a page: 50]
        #[arg(long, value_name = "N")]
        limit: Option<u32>,
        /// Rows to skip [default: 0]
        #[arg(long, value_name = "K")]
        offset: Option<u64>,
        /// Sort by due_date (the default), received_at, id, status or type
        #[arg(long, value_name = "COL")]
        sort: Option<String>,
        /// Reverse the order
        #[arg(long)]
        desc: bool,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// One request with its deadline, thread and timeline
    Show {
        id: i64,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Move a request along: received → identity_check → in_progress → completed / refused / withdrawn
    Transition {
        id: i64,
        /// The new status
        status: String,
        /// A note for the timeline (the outcome or reasons, required when closing)
        #[arg(long)]
        note: Option<String>,
    },
    /// Take the one extension the governing rule allows
    Extend {
        id: i64,
        /// Why more time is needed (goes into the extension notice)
        #[arg(long)]
        reason: String,
    },
    /// Stop the request's clock
    Pause {
        id: i64,
        /// Why the clock stops (e.g. waiting for proof of identity)
        #[arg(long)]
        reason: String,
    },
    /// Restart a paused clock; paused days push the due date
    Resume {
        id: i64,
        #[arg(long)]
        note: Option<String>,
    },
    /// Draft a letter from a template into an .eml file to send from your mail client
    Draft {
        id: i64,
        /// acknowledgement, identity_check, extension_notice, completion or refusal
        #[arg(long)]
        template: String,
        /// en or zh-HK
        #[arg(long, default_value = "en")]
        lang: String,
        /// The .eml file to write
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Export open deadlines as iCalendar (ics) or every request as CSV
    Export {
        /// csv or ics
        #[arg(long)]
        format: String,
        /// The file to write
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Correct a request's type (audited)
    Classify {
        id: i64,
        /// access, correction, deletion, withdraw or other
        #[arg(long = "type", value_name = "TYPE")]
        kind: String,
        #[arg(long)]
        note: Option<String>,
    },
    /// Handle a request under another jurisdiction; recomputes its due date
    SetJurisdiction {
        id: i64,
        /// HK, EU, UK, US-CA, SG or BR
        code: String,
        #[arg(long)]
        note: Option<String>,
    },
    /// Record how and when the requester's identity was verified
    VerifyIdentity {
        id: i64,
        /// How (e.g. "order number matched", "email from the store account")
        #[arg(long)]
        method: String,
        /// When [default: today]
        #[arg(long, value_name = "YYYY-MM-DD")]
        on: Option<String>,
    },
    /// Gale / black rainstorm warning days that move Hong Kong deadlines (Cap. 1 s.71)
    #[command(subcommand)]
    WarningDay(WarningDayCommand),
    /// The PDPO s.27 log book of refused access and correction requests
    #[command(subcommand)]
    RefusalLog(RefusalLogCommand),
    /// The deadline rules and where each comes from
    Rules(JsonFlag),
}

/// `requests warning-day …`.
#[derive(Subcommand)]
pub enum WarningDayCommand {
    /// Record a warning day; open Hong Kong deadlines on it move to the next day
    Add {
        #[arg(value_name = "YYYY-MM-DD")]
        day: String,
        /// e.g. "Black rainstorm warning 09:00-14:00"
        #[arg(long)]
        reason: String,
    },
    /// Remove a day recorded in error
    Remove {
        #[arg(value_name = "YYYY-MM-DD")]
        day: String,
    },
    /// List the recorded days
    List(JsonFlag),
}

/// `requests refusal-log …`.
#[derive(Subcommand)]
pub enum RefusalLogCommand {
    /// List the log book
    List(JsonFlag),
    /// Drop entries refused before a date at least four years ago
    Purge {
        #[arg(long, value_name = "YYYY-MM-DD")]
        before: String,
    },
}

const HEADER: &[&str] = &[
    "ID",
    "TYPE",
    "STATUS",
    "JURISDICTION",
    "RECEIVED",
    "DUE",
    "LEFT",
    "REQUESTER",
    "RULE",
];

fn cells(r: &RequestRow) -> Vec<String> {
    vec![
        r.id.to_string(),
        r.kind.clone(),
        r.status.clone(),
        r.jurisdiction.clone(),
        r.received_on
            .clone()
            .unwrap_or_else(|| r.received_at.clone()),
        opt(&r.due_date),
        match (&r.paused_since, r.days_left) {
            (Some(_), _) => "paused".into(),
            (None, Some(d)) if d < 0 => format!("{} overdue", plural(-d, "day")),
            (None, Some(d)) => plural(d, "day"),
            (None, None) => "-".into(),
        },
        opt(&r.requester_email),
        opt(&r.rule),
    ]
}

/// Every matching request: a JSON array, or a table.
fn rows(all: &[RequestRow], unfiltered: bool, json: bool) -> Result<(), Error> {
    print_rows(
        all,
        json,
        if unfiltered {
            "No rights requests yet."
        } else {
            "No rights requests match."
        },
        HEADER,
        cells,
    )
}

/// One page: the page object as JSON, or a table and which rows of how many it shows.
fn page(
    reg: &Register,
    q: &RequestQuery,
    today: chrono::NaiveDate,
    json: bool,
) -> Result<(), Error> {
    let p = requests::page(reg.conn(), q, today)?;
    print_page(
        &p,
        json,
        "No rights requests match.",
        "request(s)",
        HEADER,
        cells,
    )
}

fn plural(n: i64, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn show(
    reg: &Register,
    rules: &Rules,
    id: i64,
    today: chrono::NaiveDate,
    json: bool,
) -> Result<(), Error> {
    let d = requests::show(reg.conn(), rules, id, today)?;
    if json {
        return print_json(&d);
    }
    let r = &d.row;
    say!("Request {}: {} ({})", r.id, r.kind, r.status);
    say!(
        "Requester:      {}{}",
        r.requester_name
            .as_deref()
            .map(|n| format!("{n} "))
            .unwrap_or_default(),
        r.requester_email
            .as_deref()
            .map(|e| format!("<{e}>"))
            .unwrap_or_else(|| "(no email)".into())
    );
    say!("Channel:        {}", r.channel);
    say!(
        "Received:       {} (at {})",
        opt(&r.received_on),
        r.received_at
    );
    say!("Jurisdiction:   {}", r.jurisdiction);
    say!("Due:            {} — {}", opt(&r.due_date), opt(&r.rule));
    if let Some(dl) = &d.deadline {
        for c in dl.candidates.iter().skip(1) {
            say!("                also {}: {}", c.rule, c.due_date);
        }
        for n in &dl.notes {
            say!("                note: {n}");
        }
    }
    if let Some(a) = &d.acknowledge_by {
        say!("Acknowledge by: {a}");
    }
    if let Some(reason) = &d.extension_reason {
        say!(
            "Extended:       {reason} (notice due {})",
            opt(&d.extension_notice_due)
        );
    } else if let Some(n) = &d.extension_notice_due {
        say!("Extension:      allowed once; notice by {n}");
    }
    if let Some(p) = &r.paused_since {
        say!("Paused since:   {p}");
    }
    say!("Classification: {}", opt(&d.classification_note));
    if let Some(m) = &d.identity_method {
        say!("Identity:       {m} on {}", opt(&d.identity_verified_on));
    }
    if let Some(o) = &d.outcome {
        say!("Outcome:        {o}");
    }
    say!("Subject:        {}", opt(&r.subject));
    if let Some(mid) = &d.message_id {
        say!("Message-ID:     {mid}");
    }
    if let Some(sha) = &d.message_sha256 {
        say!("SHA-256:        {sha}");
    }
    if let Some(list) = d.attachments.as_array().filter(|a| !a.is_empty()) {
        for a in list {
            say!(
                "Attachment:     {} ({}, {} bytes; not opened)",
                a["name"].as_str().unwrap_or("?"),
                a["content_type"].as_str().unwrap_or("?"),
                a["size"]
            );
        }
    }
    say!("Timeline:");
    for e in &d.timeline {
        say!("  {}  {:<18} {}  {}", e.at, e.kind, e.actor, e.detail);
    }
    Ok(())
}

fn parse_id_date(field: &str, text: &str) -> Result<chrono::NaiveDate, Error> {
    time::parse_date(field, text)
}

/// Runs one requests verb.
pub fn run(reg: &mut Register, cmd: Command) -> Result<Outcome, Error> {
    let rules = rules::bundled()?;
    // "Today" is the date at the office, the same calendar the deadlines count in.
    let today = rules.office_date(chrono::Utc::now());
    let who = actor();
    match cmd {
        Command::Import { files, json } => {
            let interactive = std::io::stderr().is_terminal() && !json.json;
            let mut last = 0u64;
            let report = intake::import_files(reg, rules, &who, &files, |p| {
                if interactive && p.total > 0 {
                    let pct = p.done * 100 / p.total;
                    if pct != last || p.done == p.total {
                        last = pct;
                        eprint!("\r{} {pct:>3}%", p.phase);
                    }
                }
            })?;
            if interactive {
                eprintln!();
            }
            if json.json {
                print_json(&report)?;
            } else {
                for i in &report.items {
                    say!(
                        "{:<9} {:<6} {:<22} {}  {}",
                        i.outcome,
                        i.request_id
                            .map(|id| format!("#{id}"))
                            .unwrap_or_else(|| "-".into()),
                        i.kind.clone().unwrap_or_else(|| "-".into()),
                        i.source,
                        i.reason
                    );
                }
                say!(
                    "{} file(s), {} message(s): {} new request(s), {} repl(ies) joined a thread, {} already in the register.",
                    report.files,
                    report.messages,
                    report.created,
                    report.replies,
                    report.duplicates
                );
            }
        }
        Command::Add {
            kind,
            email,
            name,
            merchant,
            received,
            jurisdiction,
            note,
            json,
        } => {
            let received_on = parse_id_date("--received", &received)?;
            let new = requests::manual_entry(
                reg.conn(),
                &requests::ManualEntry {
                    kind: &kind,
                    email: &email,
                    name: name.as_deref(),
                    merchant: merchant.as_deref(),
                    received_on,
                    jurisdiction: jurisdiction.as_deref(),
                    note: note.as_deref(),
                },
                today,
            )?;
            let id = reg.write(&who, |c| requests::insert(c, rules, &new))?;
            if json.json {
                print_json(&requests::show(reg.conn(), rules, id, today)?.row)?;
            } else {
                let d = requests::show(reg.conn(), rules, id, today)?;
                say!(
                    "Added request {id}: {} under {}, due {} ({}).",
                    d.row.kind,
                    d.row.jurisdiction,
                    opt(&d.row.due_date),
                    opt(&d.row.rule)
                );
            }
        }
        Command::List {
            status,
            kind,
            overdue,
            due_within,
            search,
            limit,
            offset,
            sort,
            desc,
            json,
        } => {
            let status = status.map(|s| s.trim().to_ascii_lowercase().replace('-', "_"));
            let paged =
                search.is_some() || limit.is_some() || offset.is_some() || sort.is_some() || desc;
            let unfiltered = status.is_none() && kind.is_none() && !overdue && due_within.is_none();
            let q = RequestQuery {
                status,
                kind,
                overdue,
                due_within,
                search,
                sort,
                descending: desc,
                limit: limit.unwrap_or(workbench::register::DEFAULT_PAGE_LIMIT),
                offset: offset.unwrap_or(0),
            };
            if paged {
                page(reg, &q, today, json.json)?;
            } else {
                let all = requests::list_matching(reg.conn(), &q, today)?;
                rows(&all, unfiltered, json.json)?;
            }
        }
        Command::Show { id, json } => show(reg, rules, id, today, json.json)?,
        Command::Transition { id, status, note } => {
            reg.write(&who, |c| {
                requests::transition(c, id, &status, note.as_deref(), today)
            })?;
            let d = requests::show(reg.conn(), rules, id, today)?;
            say!("Request {id} is now {}.", d.row.status);
        }
        Command::Extend { id, reason } => {
            let e = reg.write(&who, |c| requests::extend(c, rules, id, &reason, today))?;
            say!(
                "Request {id} extended: due {} (was {}); send the extension notice by {} (`workbench requests draft {id} --template extension_notice --out FILE`).",
                e.new_due_date,
                e.old_due_date.as_deref().unwrap_or("-"),
                e.notice_due
            );
        }
        Command::Pause { id, reason } => {
            reg.write(&who, |c| requests::pause(c, id, &reason, today))?;
            say!("Request {id}'s clock is paused from {today}.");
        }
        Command::Resume { id, note } => {
            reg.write(&who, |c| {
                requests::resume(c, rules, id, note.as_deref(), today)
            })?;
            let d = requests::show(reg.conn(), rules, id, today)?;
            say!(
                "Request {id}'s clock runs again: due {}.",
                opt(&d.row.due_date)
            );
        }
        Command::Draft {
            id,
            template,
            lang,
            out,
        } => {
            let d = letters::draft(reg.conn(), rules, id, &template, &lang, today)?;
            letters::write_draft(reg, &who, &d, &out)?;
            say!(
                "Drafted '{}' to {} in {}; review and send it from your mail client (nothing was sent).",
                d.subject,
                d.to,
                out.display()
            );
        }
        Command::Export { format, out } => {
            let format = calendar::Format::parse(&format)?;
            let bytes = calendar::export(reg.conn(), format, &out, today)?;
            say!("Wrote {} ({bytes} bytes).", out.display());
        }
        Command::Classify { id, kind, note } => {
            reg.write(&who, |c| {
                requests::classify(c, rules, id, &kind, note.as_deref())
            })?;
            let d = requests::show(reg.conn(), rules, id, today)?;
            say!(
                "Request {id} is now {}, due {} ({}).",
                d.row.kind,
                opt(&d.row.due_date),
                opt(&d.row.rule)
            );
        }
        Command::SetJurisdiction { id, code, note } => {
            reg.write(&who, |c| {
                requests::set_jurisdiction(c, rules, id, &code, note.as_deref())
            })?;
            let d = requests::show(reg.conn(), rules, id, today)?;
            say!(
                "Request {id} is handled under {}: due {} ({}).",
                d.row.jurisdiction,
                opt(&d.row.due_date),
                opt(&d.row.rule)
            );
        }
        Command::VerifyIdentity { id, method, on } => {
            let on = match on {
                Some(text) => parse_id_date("--on", &text)?,
                None => today,
            };
            reg.write(&who, |c| {
                requests::verify_identity(c, id, &method, on, today)
            })?;
            say!("Request {id}: identity verified on {on} ({method}).");
        }
        Command::WarningDay(WarningDayCommand::Add { day, reason }) => {
            let day = parse_id_date("warning day", &day)?;
            let moved = reg.write(&who, |c| requests::add_warning_day(c, rules, day, &reason))?;
            say!("Recorded {day} as a warning day; {moved} open request(s) moved.");
        }
        Command::WarningDay(WarningDayCommand::Remove { day }) => {
            let day = parse_id_date("warning day", &day)?;
            let moved = reg.write(&who, |c| requests::remove_warning_day(c, rules, day))?;
            say!("Removed the warning day {day}; {moved} open request(s) moved.");
        }
        Command::WarningDay(WarningDayCommand::List(f)) => print_rows(
            &requests::warning_days(reg.conn())?,
            f.json,
            "No warning days recorded.",
            &["DAY", "REASON", "RECORDED BY"],
            |w| vec![w.day.clone(), w.reason.clone(), w.recorded_by.clone()],
        )?,
        Command::RefusalLog(RefusalLogCommand::List(f)) => print_rows(
            &requests::refusal_log(reg.conn())?,
            f.json,
            "The PDPO refusal log book is empty.",
            &["REFUSED ON", "REQUEST", "TYPE", "REASONS"],
            |e| {
                vec![
                    e.refused_on.clone(),
                    e.request_id.to_string(),
                    e.request_type.clone(),
                    e.reasons.clone(),
                ]
            },
        )?,
        Command::RefusalLog(RefusalLogCommand::Purge { before }) => {
            let before = parse_id_date("--before", &before)?;
            let n = reg.write(&who, |c| requests::purge_refusal_log(c, before, today))?;
            say!("Purged {n} log book entr(ies) refused before {before}.");
        }
        Command::Rules(f) => {
            if f.json {
                print_json(&rules.rules)?;
            } else {
                for r in &rules.rules {
                    say!(
                        "{}  [{}] {}",
                        r.label,
                        r.jurisdictions.join(","),
                        r.types.join(",")
                    );
                    say!("    {}", r.source);
                }
            }
        }
    }
    Ok(Outcome::Ok)
}

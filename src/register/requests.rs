//! Rights requests: access, correction, deletion and withdrawal of authorization,
//! as they arrive at the contact address (policy §8) — their deadlines, clock,
//! workflow, timeline, thread of messages, and the PDPO refusal log book.
//!
//! Reads take the read-only `&Connection`; writes take a [`Change`] and record
//! their audit entries. Functions that depend on the date take `today`, so the
//! desktop, the CLI and the tests agree on what "now" is.

use std::sync::Arc;

use chrono::NaiveDate;
use rusqlite::types::Value as SqlValue;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension};
use serde::Serialize;
use serde_json::{json, Value};

use super::search_sets::{self, MatchSet};
use super::Page;
use crate::db::Change;
use crate::error::{Error, Result};
use crate::rules::{self, Clock, Deadline, Rules};

/// The request types, as stored.
pub const TYPES: &[&str] = &[
    "access",
    "correction",
    "deletion",
    "withdraw_authorization",
    "other",
    "needs_triage",
];
/// The workflow's statuses, in order.
pub const STATUSES: &[&str] = &[
    "received",
    "identity_check",
    "in_progress",
    "completed",
    "refused",
    "withdrawn",
];
/// Statuses that close a request.
pub const CLOSED: &[&str] = &["completed", "refused", "withdrawn"];

/// The PDPO log book keeps refusals at least this many years (s.27).
pub const REFUSAL_LOG_YEARS: u32 = 4;

/// A request type as the officer may type it (`withdraw` for `withdraw_authorization`).
pub fn parse_type(text: &str) -> Result<String> {
    let t = text.trim().to_ascii_lowercase().replace('-', "_");
    let t = match t.as_str() {
        "withdraw" | "withdraw_authorisation" => "withdraw_authorization".to_string(),
        "erasure" | "delete" => "deletion".to_string(),
        "rectification" | "correct" => "correction".to_string(),
        _ => t,
    };
    if TYPES.contains(&t.as_str()) {
        Ok(t)
    } else {
        Err(Error::Invalid(format!(
            "request type '{text}' is not one of access, correction, deletion, withdraw, other, needs_triage"
        )))
    }
}

/// Which statuses may follow which.
pub fn allowed_next(status: &str) -> &'static [&'static str] {
    match status {
        "received" => &["identity_check", "in_progress", "refused", "withdrawn"],
        "identity_check" => &["in_progress", "refused", "withdrawn"],
        "in_progress" => &["identity_check", "completed", "refused", "withdrawn"],
        _ => &[],
    }
}

/// A rights request as listed. Field names are the CLI's stable JSON names.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RequestRow {
    pub id: i64,
    #[serde(rename = "type")]
    pub kind: String,
    pub status: String,
    pub jurisdiction: String,
    pub received_at: String,
    pub due_date: Option<String>,
    pub requester_email: Option<String>,
    pub rule: Option<String>,
    /// The date of receipt at the office, from which the deadline counts.
    pub received_on: Option<String>,
    pub channel: String,
    pub requester_name: Option<String>,
    pub merchant_id: Option<i64>,
    pub subject: Option<String>,
    /// The date the clock stopped, while it is paused.
    pub paused_since: Option<String>,
    pub extended: bool,
    /// Days until the due date (negative once past); `None` when closed or undated.
    pub days_left: Option<i64>,
    /// Open, not paused, and past its due date.
    pub overdue: bool,
}

/// Which requests to list.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default)]
pub struct ListFilter {
    /// Only requests in this status.
    pub status: Option<String>,
    /// Only open, running requests past their due date.
    pub overdue: bool,
    /// Only open requests due between today and today + this many days.
    pub due_within: Option<u32>,
}

/// The columns a request list may be sorted by; `due_date` is the default.
pub const SORTS: &[&str] = &["due_date", "received_at", "id", "status", "type"];

/// Which requests to list, how sorted, and which page: the desktop's inbox and
/// `workbench requests list --search/--limit/--offset/--sort`. Filtering, searching,
/// sorting, counting and paging all happen in SQL, so a page of a million requests
/// reads about a page of rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(default)]
pub struct RequestQuery {
    /// Only requests in this status.
    pub status: Option<String>,
    /// Only requests of this type (`withdraw` is accepted for `withdraw_authorization`).
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// Only open, running requests past their due date.
    pub overdue: bool,
    /// Only open, running requests due between today and today + this many days.
    pub due_within: Option<u32>,
    /// Words to find in the subject, requester (name, email, sender) and message text;
    /// every word must appear, the last may be the start of a word. A number (`123`,
    /// `#123`) also finds the request with that id.
    pub search: Option<String>,
    /// One of [`SORTS`]; default `due_date` (undated requests last), ties by id.
    pub sort: Option<String>,
    /// Reverse the order.
    pub descending: bool,
    /// Rows a page (1..=1000, default 50).
    pub limit: u32,
    /// Rows to skip.
    pub offset: u64,
}

impl Default for RequestQuery {
    fn default() -> Self {
        RequestQuery {
            status: None,
            kind: None,
            overdue: false,
            due_within: None,
            search: None,
            sort: None,
            descending: false,
            limit: super::DEFAULT_PAGE_LIMIT,
            offset: 0,
        }
    }
}

const ROW_COLUMNS: &str =
    "id, type, status, jurisdiction, received_at, due_date, requester_email, rule,
     received_on, channel, requester_name, merchant_id, subject, paused_since, extended_at";

/// Open requests, word for word as the `rights_requests_open` index says, so SQLite uses it.
const OPEN_SQL: &str = "status NOT IN ('completed', 'refused', 'withdrawn')";

fn row_from(r: &rusqlite::Row<'_>, today: NaiveDate) -> rusqlite::Result<RequestRow> {
    let status: String = r.get(2)?;
    let due_date: Option<String> = r.get(5)?;
    let paused_since: Option<String> = r.get(13)?;
    let open = !CLOSED.contains(&status.as_str());
    let due = due_date
        .as_deref()
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let days_left = due.filter(|_| open).map(|d| (d - today).num_days());
    Ok(RequestRow {
        id: r.get(0)?,
        kind: r.get(1)?,
        overdue: open && paused_since.is_none() && days_left.is_some_and(|d| d < 0),
        status,
        jurisdiction: r.get(3)?,
        received_at: r.get(4)?,
        due_date,
        requester_email: r.get(6)?,
        rule: r.get(7)?,
        received_on: r.get(8)?,
        channel: r.get(9)?,
        requester_name: r.get(10)?,
        merchant_id: r.get(11)?,
        subject: r.get(12)?,
        paused_since,
        extended: r.get::<_, Option<String>>(14)?.is_some(),
        days_left,
    })
}

/// Every request, soonest due first.
pub fn list(conn: &Connection) -> Result<Vec<RequestRow>> {
    list_filtered(conn, &ListFilter::default(), crate::time::today())
}

/// The requests `filter` selects, soonest due first (undated last), every one of them:
/// for exports and the CLI's plain list. Screens use [`page`].
pub fn list_filtered(
    conn: &Connection,
    filter: &ListFilter,
    today: NaiveDate,
) -> Result<Vec<RequestRow>> {
    let q = RequestQuery {
        status: filter.status.clone(),
        overdue: filter.overdue,
        due_within: filter.due_within,
        ..RequestQuery::default()
    };
    list_matching(conn, &q, today)
}

/// Every request `q` selects, in its order, ignoring its limit and offset: for the CLI's
/// plain list. Screens use [`page`].
pub fn list_matching(
    conn: &Connection,
    q: &RequestQuery,
    today: NaiveDate,
) -> Result<Vec<RequestRow>> {
    let sort = sort_column(q.sort.as_deref())?;
    let mut w = Where::build(q, today)?;
    match Search::find(conn, q.search.as_deref())? {
        Search::All => {}
        Search::Few(ids) => {
            w.by_search = true;
            w.push_ids(&ids);
        }
        Search::Many(set) => {
            w.by_search = true;
            w.push_ids(set.ids());
        }
    }
    let mut stmt = conn.prepare(&format!(
        "SELECT {ROW_COLUMNS} FROM rights_requests {} ORDER BY {}",
        w.clause(),
        order_by(sort, q.descending, false)
    ))?;
    let rows = stmt
        .query_map(params_from_iter(&w.params), |r| row_from(r, today))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The sort column `sort` names (any case; default `due_date`), or [`Error::Invalid`].
fn sort_column(sort: Option<&str>) -> Result<&'static str> {
    match sort.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok("due_date"),
        Some(s) => SORTS
            .iter()
            .copied()
            .find(|c| c.eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                Error::Invalid(format!(
                    "requests cannot be sorted by '{s}'; sort by one of {}",
                    SORTS.join(", ")
                ))
            }),
    }
}

/// Up to this many matches a search lists their ids once and works from them.
const FEW: usize = 5_000;

/// Rough costs, in microseconds, that choose how a page of many matches is read (measured
/// on a million requests; their ratios matter, not their values): reading one request by
/// id and sorting it; reading one entry of a sort's index and testing it against the
/// matches in memory.
const COST_DRIVE: f64 = 1.0;
const COST_WALK: f64 = 0.15;

/// One page of the requests `q` selects, in its order, with how many match in all.
/// Bad input (an unknown status, type or sort; a limit outside 1..=1000) is
/// [`Error::Invalid`] with one sentence; any search text is safe.
///
/// How it stays fast at a million requests. Filters and sorts read schema 4's indexes. A
/// search's matches are listed from the full-text index once and kept in memory while the
/// register is unchanged ([`search_sets`]). Few matches (up to 5,000) are read by id and
/// sorted. Many: in id order the page is cut from the matches themselves; filtered by
/// status or type they are counted against every request's status and type, also kept in
/// memory; then the page either sorts the ones that pass, when they are few enough, or
/// walks the index whose order is the sort's, testing each request against the matches
/// (`search_hit`) before reading its row, and stops once the page is full.
pub fn page(conn: &Connection, q: &RequestQuery, today: NaiveDate) -> Result<Page<RequestRow>> {
    super::check_limit(q.limit)?;
    let sort = sort_column(q.sort.as_deref())?;
    let mut w = Where::build(q, today)?;
    let count = |w: &Where| -> Result<u64> {
        let n: i64 = conn.query_row(
            &format!("SELECT count(*) FROM rights_requests {}", w.clause()),
            params_from_iter(&w.params),
            |r| r.get(0),
        )?;
        Ok(u64::try_from(n).unwrap_or_default())
    };
    let want = q.offset.saturating_add(u64::from(q.limit));
    // A broad search's matches, readable to SQL (`search_hit`) while the page is read.
    let mut live: Option<search_sets::Live> = None;
    let (total, plan) = match Search::find(conn, q.search.as_deref())? {
        Search::All => {
            let total = count(&w)?;
            let plan = if total <= FEW as u64 || w.open_filter {
                Plan::SortHere
            } else {
                Plan::WalkIndex
            };
            (Some(total), plan)
        }
        Search::Few(ids) => {
            // Read the few by id; the filters only test them.
            w.by_search = true;
            w.push_ids(&ids);
            (Some(count(&w)?), Plan::SortHere)
        }
        Search::Many(set) => {
            if sort == "id" && !w.open_filter {
                // The matches are in id order already.
                return id_page(conn, q, &w, &set, today);
            }
            let guard = search_sets::live(set.clone());
            if w.open_filter {
                // The open requests are few: read them by their index, test each.
                w.push_hit(guard.token);
                live = Some(guard);
                (None, Plan::SortHere)
            } else {
                let filter = w.facet_filter(conn)?;
                let passes = |id: i64| filter.passes(id);
                let total = if filter.is_empty() {
                    set.len() as u64
                } else {
                    set.ids().iter().filter(|&&id| passes(id)).count() as u64
                };
                // Sort the few that pass, or walk the sort's index until the page is full.
                let rows = estimated_rows(conn)?.max(total).max(1);
                let walked = (want as f64) * (rows as f64) / (total.max(1) as f64);
                if (total as f64) * COST_DRIVE <= walked * COST_WALK {
                    let ids: Vec<i64> =
                        set.ids().iter().copied().filter(|&id| passes(id)).collect();
                    w.by_search = true;
                    w.push_ids(&ids);
                    (Some(total), Plan::SortHere)
                } else {
                    w.push_hit(guard.token);
                    live = Some(guard);
                    (Some(total), Plan::WalkIndex)
                }
            }
        }
    };
    // Counted exactly, and nothing at this offset: no walk past every request to find so.
    if let Some(total) = total.filter(|&t| q.offset >= t) {
        return Ok(Page {
            total,
            offset: q.offset,
            limit: q.limit,
            rows: Vec::new(),
        });
    }
    let (from, sorted_here) = match plan {
        Plan::SortHere => (String::new(), true),
        Plan::WalkIndex => (
            match sort_index(sort, w.status.is_some(), w.kind.is_some()) {
                Some(index) => format!("INDEXED BY {index}"),
                // By id: the table itself is in that order.
                None => "NOT INDEXED".to_string(),
            },
            false,
        ),
    };
    let mut params = w.params.clone();
    params.push(SqlValue::Integer(i64::from(q.limit)));
    params.push(SqlValue::Integer(super::sql_offset(q.offset)));
    // Counting in the same pass needs every match, so only when they are sorted here anyway.
    let window = if total.is_none() {
        ", count(*) OVER ()"
    } else {
        ""
    };
    let mut stmt = conn.prepare(&format!(
        "SELECT {ROW_COLUMNS}{window} FROM rights_requests {from} {}
         ORDER BY {} LIMIT ?{} OFFSET ?{}",
        w.clause(),
        order_by(sort, q.descending, sorted_here),
        params.len() - 1,
        params.len()
    ))?;
    let mut counted = None;
    let rows = stmt
        .query_map(params_from_iter(&params), |r| {
            if total.is_none() {
                counted = Some(r.get::<_, i64>(15)?);
            }
            row_from(r, today)
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let total = match (total, counted) {
        (Some(total), _) => total,
        (None, Some(n)) => u64::try_from(n).unwrap_or_default(),
        // Past the last row: counted apart.
        (None, None) => count(&w)?,
    };
    drop(live);
    Ok(Page {
        total,
        offset: q.offset,
        limit: q.limit,
        rows,
    })
}

/// A page of a broad search in id order: the matches are in that order already, so the
/// page is cut from them in memory (status and type tested on the facets) and only its
/// rows are read.
fn id_page(
    conn: &Connection,
    q: &RequestQuery,
    w: &Where,
    set: &MatchSet,
    today: NaiveDate,
) -> Result<Page<RequestRow>> {
    let filter = w.facet_filter(conn)?;
    let skip = usize::try_from(q.offset).unwrap_or(usize::MAX);
    let limit = q.limit as usize;
    let mut total = 0usize;
    let mut ids = Vec::with_capacity(limit);
    let mut take = |id: i64| {
        if filter.passes(id) {
            if total >= skip && ids.len() < limit {
                ids.push(id);
            }
            total += 1;
        }
    };
    if q.descending {
        set.ids().iter().rev().for_each(|&id| take(id));
    } else {
        set.ids().iter().for_each(|&id| take(id));
    }
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ROW_COLUMNS} FROM rights_requests
         WHERE id IN (SELECT value FROM json_each(?1)) ORDER BY id{}",
        if q.descending { " DESC" } else { "" }
    ))?;
    let rows = stmt
        .query_map([json!(ids).to_string()], |r| row_from(r, today))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Page {
        total: total as u64,
        offset: q.offset,
        limit: q.limit,
        rows,
    })
}

/// How a page reads its rows.
enum Plan {
    /// Select the matches (by the filters' indexes or by id) and sort them.
    SortHere,
    /// Walk the index in the sort's order, testing each request, until the page is full.
    WalkIndex,
}

/// About how many requests there are, without counting them: ids are given in order.
fn estimated_rows(conn: &Connection) -> Result<u64> {
    let n: Option<i64> = conn
        .prepare_cached("SELECT max(id) FROM rights_requests")?
        .query_row([], |r| r.get(0))?;
    Ok(n.and_then(|n| u64::try_from(n).ok()).unwrap_or_default())
}

/// The index that holds a sort's order (with an equality filter on its first column);
/// `None` for the id, the table's own order.
fn sort_index(sort: &str, status_filter: bool, type_filter: bool) -> Option<&'static str> {
    match sort {
        "due_date" | "status" if status_filter => Some("rights_requests_by_status_order"),
        "due_date" | "type" if type_filter => Some("rights_requests_by_type_order"),
        "due_date" => Some("rights_requests_by_due_order"),
        "received_at" => Some("rights_requests_by_received"),
        "status" => Some("rights_requests_by_status_order"),
        "type" => Some("rights_requests_by_type_order"),
        _ => None,
    }
}

/// The ORDER BY of a sort column: each the order of an index (schema 4), ties by id.
/// `sorted_here` keeps SQLite from walking that index (`+column`): for few matches,
/// sorting them beats walking past every request that does not match.
fn order_by(sort: &str, descending: bool, sorted_here: bool) -> String {
    let columns: &[&str] = match sort {
        "received_at" => &["received_at", "id"],
        "id" => &["id"],
        "status" => &["status", "(due_date IS NULL)", "due_date", "id"],
        "type" => &["type", "(due_date IS NULL)", "due_date", "id"],
        _ => &["(due_date IS NULL)", "due_date", "id"],
    };
    let dir = if descending { " DESC" } else { "" };
    let plus = if sorted_here { "+" } else { "" };
    columns
        .iter()
        .map(|c| format!("{plus}{c}{dir}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What a search text finds.
enum Search {
    /// No search (or nothing searchable in it).
    All,
    /// Few requests: their ids (and the id searched for, if any).
    Few(Vec<i64>),
    /// Many requests: all of them, in memory ([`search_sets`]).
    Many(Arc<MatchSet>),
}

impl Search {
    fn find(conn: &Connection, search: Option<&str>) -> Result<Search> {
        let Some(text) = super::clean_search(search) else {
            return Ok(Search::All);
        };
        // `123` or `#123` also finds request 123.
        let digits = text.strip_prefix('#').unwrap_or(&text);
        let id = digits
            .bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| digits.parse::<i64>().ok())
            .flatten();
        let Some(words) = FtsWords::parse(&text) else {
            return Ok(match id {
                Some(id) => Search::Few(vec![id]),
                None => Search::All,
            });
        };
        let fts = match words.expanded(conn)? {
            Some(spelled_out) => spelled_out,
            None => words.query(),
        };
        let many = |set: Arc<MatchSet>| {
            if set.len() <= FEW {
                Search::Few(set.ids().to_vec())
            } else {
                Search::Many(set)
            }
        };
        // Searched before, and the register unchanged since: the matches are at hand.
        let at = match search_sets::kept(conn, &fts, id)? {
            search_sets::Lookup::Found(set) => return Ok(many(set)),
            search_sets::Lookup::Missing(at) => at,
        };
        // The first matches, one more than few: a narrow search is then done with the
        // full-text index; a broad one lists them all, once.
        let mut stmt = conn.prepare_cached(
            "SELECT rowid FROM request_search WHERE request_search MATCH ?1 LIMIT ?2",
        )?;
        let ids: Vec<i64> = stmt
            .query_map(params![fts, FEW as i64 + 1], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if ids.len() <= FEW {
            return Ok(many(search_sets::keep(conn, &fts, id, ids, at)?));
        }
        Ok(many(search_sets::matches(conn, &fts, id, at)?))
    }
}

/// A WHERE clause over `rights_requests` with its parameters (numbered ?1, ?2, … in order).
/// Filter terms hold `{p}` before each column, which becomes `+` when the search drives
/// (so that SQLite reads the matches by id and only tests the filters).
#[derive(Clone)]
struct Where {
    terms: Vec<String>,
    params: Vec<SqlValue>,
    by_search: bool,
    /// Filters on open requests (overdue, due within): the open requests' index serves them.
    open_filter: bool,
    /// The status and type filters, as stored.
    status: Option<String>,
    kind: Option<String>,
}

impl Where {
    fn push(&mut self, sql: &str, values: Vec<SqlValue>) {
        // Each `?` in `sql` takes the next parameter number.
        let mut out = String::with_capacity(sql.len() + 8);
        let mut n = self.params.len();
        for c in sql.chars() {
            if c == '?' {
                n += 1;
                out.push_str(&format!("?{n}"));
            } else {
                out.push(c);
            }
        }
        self.terms.push(out);
        self.params.extend(values);
    }

    /// Only these requests.
    fn push_ids(&mut self, ids: &[i64]) {
        self.push(
            "id IN (SELECT value FROM json_each(?))",
            vec![SqlValue::Text(json!(ids).to_string())],
        );
    }

    /// Only the requests in the live match set `token` ([`search_sets::live`]). Tested
    /// first: it needs only the id, which every index holds, so a request that does not
    /// match is passed over before its row is read.
    fn push_hit(&mut self, token: i64) {
        self.push("search_hit(?, id)", vec![SqlValue::Integer(token)]);
        if let Some(hit) = self.terms.pop() {
            self.terms.insert(0, hit);
        }
    }

    /// The status and type filters, tested on the requests' facets in memory.
    fn facet_filter(&self, conn: &Connection) -> Result<search_sets::FacetFilter> {
        search_sets::FacetFilter::new(conn, self.status.as_deref(), self.kind.as_deref())
    }

    fn clause(&self) -> String {
        if self.terms.is_empty() {
            return String::new();
        }
        let plus = if self.by_search { "+" } else { "" };
        let terms: Vec<String> = self.terms.iter().map(|t| t.replace("{p}", plus)).collect();
        format!("WHERE {}", terms.join(" AND "))
    }

    /// The filters of `q` (not its search).
    fn build(q: &RequestQuery, today: NaiveDate) -> Result<Where> {
        let mut w = Where {
            terms: Vec::new(),
            params: Vec::new(),
            by_search: false,
            open_filter: q.overdue || q.due_within.is_some(),
            status: None,
            kind: None,
        };
        if let Some(status) = q.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            let normal = status.to_ascii_lowercase().replace('-', "_");
            if !STATUSES.contains(&normal.as_str()) {
                return Err(Error::Invalid(format!(
                    "status '{status}' is not one of {}",
                    STATUSES.join(", ")
                )));
            }
            w.push("{p}status = ?", vec![SqlValue::Text(normal.clone())]);
            w.status = Some(normal);
        }
        if let Some(kind) = q.kind.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
            let kind = parse_type(kind)?;
            w.push("{p}type = ?", vec![SqlValue::Text(kind.clone())]);
            w.kind = Some(kind);
        }
        let day = |d: NaiveDate| SqlValue::Text(d.to_string());
        // `{p}` before `status NOT IN …` too: word for word the open requests' index.
        let open = format!("{{p}}{OPEN_SQL} AND {{p}}paused_since IS NULL");
        if q.overdue {
            w.push(&format!("{open} AND {{p}}due_date < ?"), vec![day(today)]);
        }
        if let Some(n) = q.due_within {
            let until = today
                .checked_add_days(chrono::Days::new(u64::from(n)))
                .unwrap_or(NaiveDate::MAX);
            w.push(
                &format!("{open} AND {{p}}due_date >= ? AND {{p}}due_date <= ?"),
                vec![day(today), day(until)],
            );
        }
        Ok(w)
    }
}

/// The most words of a search that count; the rest are ignored.
const MAX_SEARCH_WORDS: usize = 16;

/// A last word shorter than this must match a whole word; from this length on it may be
/// the start of one (`"priv"*`). Prefixes of one or two letters would match most of a
/// large register and cost as much to count.
const MIN_PREFIX: usize = 3;

/// True for the characters the search index keeps one to a token
/// ([`crate::db::functions::search_text`]): CJK radicals, kana, punctuation and ideographs, Hangul, and the
/// compatibility and supplementary ideographs.
pub fn is_cjk(c: char) -> bool {
    matches!(
        u32::from(c),
        0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0x20000..=0x3FFFD
    )
}

/// Turns what an officer typed into an FTS5 query that can only mean "these words":
/// each word becomes a quoted phrase (a `"` inside doubled), so no FTS5 syntax — AND,
/// OR, NOT, NEAR, parentheses, `*`, `^`, column filters — survives; CJK characters are
/// set apart as the index sets them apart, so a run of them matches where it stands;
/// the last word may be the start of a word (`"priv"*`) when it ends in at least three
/// letters or digits that are not CJK. Words without a letter or digit are dropped.
/// `None` when no word is left.
pub fn fts_query(search: &str) -> Option<String> {
    Some(FtsWords::parse(search)?.query())
}

/// A search's words as FTS5 phrases, the last apart: what comes before the run of letters
/// and digits it ends in, and that run (the word being typed).
struct FtsWords {
    phrases: Vec<String>,
    last: String,
    head: String,
    tail: String,
}

impl FtsWords {
    fn parse(search: &str) -> Option<FtsWords> {
        let text: String = search
            .chars()
            .take(super::MAX_SEARCH_CHARS)
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let words: Vec<&str> = text
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .take(MAX_SEARCH_WORDS)
            .collect();
        let (last, before) = words.split_last()?;
        // The last word's last run of letters and digits (not CJK), and what precedes it.
        let trimmed = last.trim_end_matches(|c: char| !c.is_alphanumeric());
        let tail_start = trimmed
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_alphanumeric() && !is_cjk(*c))
            .last()
            .map_or(trimmed.len(), |(i, _)| i);
        Some(FtsWords {
            phrases: before.iter().map(|w| phrase(w)).collect(),
            last: phrase(last),
            head: trimmed[..tail_start].to_string(),
            tail: trimmed[tail_start..].to_string(),
        })
    }

    /// True when the last word may be the start of a word.
    fn prefix(&self) -> bool {
        self.tail.chars().count() >= MIN_PREFIX
    }

    fn query(&self) -> String {
        let mut query = self.phrases.clone();
        query.push(self.last.clone());
        let mut query = query.join(" ");
        if self.prefix() {
            query.push('*');
        }
        query
    }

    /// The query with its prefix spelled out as the words in the index that start with it
    /// (`("delete" OR "deleted")`): whole words are cheap to test request by request, a
    /// prefix is not. `None` when the prefix is not plain ASCII (the index folds other
    /// letters its own way) or starts more than [`MAX_EXPANSION`] words.
    fn expanded(&self, conn: &Connection) -> Result<Option<String>> {
        if !self.prefix() || !self.tail.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Ok(None);
        }
        let start = self.tail.to_ascii_lowercase();
        // The word itself, and the longer words that start with it: those past `start` in
        // the index's order (the word's own postings, maybe most of the register, are
        // never read here).
        let mut stmt = conn.prepare_cached(
            "SELECT term FROM request_search_terms WHERE term > ?1 AND term < ?2 LIMIT ?3",
        )?;
        let longer: Vec<String> = stmt
            .query_map(
                params![start, format!("{start}\u{10FFFF}"), MAX_EXPANSION as i64],
                |r| r.get(0),
            )?
            .collect::<rusqlite::Result<_>>()?;
        if longer.len() >= MAX_EXPANSION {
            return Ok(None);
        }
        let alternatives: Vec<String> = std::iter::once(&start)
            .chain(longer.iter().filter(|t| t.starts_with(&start)))
            .map(|t| phrase(&format!("{}{t}", self.head)))
            .collect();
        // Explicit ANDs: FTS5 takes no implicit AND before a parenthesis.
        let mut query = self.phrases.clone();
        query.push(format!("({})", alternatives.join(" OR ")));
        Ok(Some(query.join(" AND ")))
    }
}

/// The most index words a prefix is spelled out as (see [`FtsWords::expanded`]).
const MAX_EXPANSION: usize = 16;

/// One word as an FTS5 phrase: quoted, a `"` doubled, CJK characters set apart.
fn phrase(word: &str) -> String {
    let mut phrase = String::with_capacity(word.len() + 2);
    phrase.push('"');
    for c in word.chars() {
        if c == '"' {
            phrase.push_str("\"\"");
        } else if is_cjk(c) {
            phrase.push(' ');
            phrase.push(c);
            phrase.push(' ');
        } else {
            phrase.push(c);
        }
    }
    phrase.push('"');
    phrase
}

/// Open requests at a glance: what the dashboard counts.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, Default)]
pub struct Summary {
    pub open: usize,
    /// Open, running, past due.
    pub overdue: usize,
    /// Open and due from today to 7 days ahead.
    pub due_this_week: usize,
    pub needs_triage: usize,
    pub paused: usize,
}

/// Counts the open requests by urgency, in SQL over the open requests' index alone.
pub fn summary(conn: &Connection, today: NaiveDate) -> Result<Summary> {
    let week = today
        .checked_add_days(chrono::Days::new(7))
        .unwrap_or(NaiveDate::MAX);
    // A paused clock is not running down: it is counted as paused, not as due.
    let counts: [i64; 5] = conn.query_row(
        &format!(
            "SELECT count(*),
                    count(*) FILTER (WHERE paused_since IS NULL AND due_date < ?1),
                    count(*) FILTER (WHERE paused_since IS NULL AND due_date >= ?1 AND due_date <= ?2),
                    count(*) FILTER (WHERE type = 'needs_triage'),
                    count(*) FILTER (WHERE paused_since IS NOT NULL)
             FROM rights_requests WHERE {OPEN_SQL}"
        ),
        params![today.to_string(), week.to_string()],
        |r| Ok([r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?]),
    )?;
    let n = |i: usize| usize::try_from(counts[i]).unwrap_or_default();
    Ok(Summary {
        open: n(0),
        overdue: n(1),
        due_this_week: n(2),
        needs_triage: n(3),
        paused: n(4),
    })
}

/// One entry in a request's timeline.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Event {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub kind: String,
    pub detail: Value,
}

/// A message in a request's thread.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Message {
    pub id: i64,
    pub role: String,
    pub message_id: Option<String>,
    pub sha256: String,
    pub sender: Option<String>,
    pub sent_at: Option<String>,
    pub received_at: String,
    pub subject: Option<String>,
    pub body: Option<String>,
    pub in_reply_to: Option<String>,
    pub references: Vec<String>,
    pub attachments: Value,
    pub source_file: Option<String>,
}

/// A pause of the clock.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Pause {
    pub paused_on: String,
    pub resumed_on: Option<String>,
    pub reason: String,
    pub paused_by: String,
}

/// Everything about one request: what `show` prints and the detail screen shows.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RequestDetail {
    #[serde(flatten)]
    pub row: RequestRow,
    pub classification_note: Option<String>,
    pub merchant: Option<String>,
    pub rule_id: Option<String>,
    pub acknowledge_by: Option<String>,
    pub extended_at: Option<String>,
    pub extension_reason: Option<String>,
    pub extension_notice_due: Option<String>,
    pub identity_method: Option<String>,
    pub identity_verified_on: Option<String>,
    pub outcome: Option<String>,
    pub closed_at: Option<String>,
    pub sender: Option<String>,
    pub message_id: Option<String>,
    pub message_sha256: Option<String>,
    pub body: Option<String>,
    pub source_file: Option<String>,
    pub attachments: Value,
    /// The deadline as the rules compute it now, with every candidate rule.
    pub deadline: Option<Deadline>,
    pub pauses: Vec<Pause>,
    pub messages: Vec<Message>,
    pub timeline: Vec<Event>,
}

fn not_found(id: i64) -> Error {
    Error::NotFound {
        what: "request",
        id: id.to_string(),
    }
}

/// One request with its timeline, thread and deadline.
pub fn show(conn: &Connection, rules: &Rules, id: i64, today: NaiveDate) -> Result<RequestDetail> {
    let row = conn
        .query_row(
            &format!("SELECT {ROW_COLUMNS} FROM rights_requests WHERE id = ?1"),
            [id],
            |r| row_from(r, today),
        )
        .optional()?
        .ok_or_else(|| not_found(id))?;
    let detail = conn
        .prepare_cached(
            "SELECT r.classification_note, m.name, r.rule_id, r.acknowledge_by, r.extended_at,
                r.extension_reason, r.extension_notice_due, r.identity_method,
                r.identity_verified_on, r.outcome, r.closed_at, r.sender, r.message_id,
                r.message_sha256, r.body, r.source_file, r.attachments
         FROM rights_requests r LEFT JOIN merchants m ON m.id = r.merchant_id WHERE r.id = ?1",
        )?
        .query_row([id], |r| {
            Ok(RequestDetail {
                row: row.clone(),
                classification_note: r.get(0)?,
                merchant: r.get(1)?,
                rule_id: r.get(2)?,
                acknowledge_by: r.get(3)?,
                extended_at: r.get(4)?,
                extension_reason: r.get(5)?,
                extension_notice_due: r.get(6)?,
                identity_method: r.get(7)?,
                identity_verified_on: r.get(8)?,
                outcome: r.get(9)?,
                closed_at: r.get(10)?,
                sender: r.get(11)?,
                message_id: r.get(12)?,
                message_sha256: r.get(13)?,
                body: r.get(14)?,
                source_file: r.get(15)?,
                attachments: serde_json::from_str(&r.get::<_, String>(16)?).unwrap_or(Value::Null),
                deadline: None,
                pauses: Vec::new(),
                messages: Vec::new(),
                timeline: Vec::new(),
            })
        })?;
    let mut detail = detail;
    detail.deadline = compute_deadline(conn, rules, id).ok();
    detail.pauses = pauses(conn, id)?;
    detail.messages = messages(conn, id)?;
    detail.timeline = timeline(conn, id)?;
    Ok(detail)
}

/// A request's timeline, oldest first.
pub fn timeline(conn: &Connection, id: i64) -> Result<Vec<Event>> {
    let mut stmt = conn.prepare(
        "SELECT id, at, actor, kind, detail FROM request_events WHERE request_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok(Event {
            id: r.get(0)?,
            at: r.get(1)?,
            actor: r.get(2)?,
            kind: r.get(3)?,
            detail: serde_json::from_str(&r.get::<_, String>(4)?).unwrap_or(Value::Null),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The messages of a request's thread, oldest first.
pub fn messages(conn: &Connection, id: i64) -> Result<Vec<Message>> {
    let mut stmt = conn.prepare(
        "SELECT id, role, message_id, sha256, sender, sent_at, received_at, subject, body,
                in_reply_to, refs, attachments, source_file
         FROM request_messages WHERE request_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok(Message {
            id: r.get(0)?,
            role: r.get(1)?,
            message_id: r.get(2)?,
            sha256: r.get(3)?,
            sender: r.get(4)?,
            sent_at: r.get(5)?,
            received_at: r.get(6)?,
            subject: r.get(7)?,
            body: r.get(8)?,
            in_reply_to: r.get(9)?,
            references: super::json_strings(&r.get::<_, String>(10)?),
            attachments: serde_json::from_str(&r.get::<_, String>(11)?).unwrap_or(Value::Null),
            source_file: r.get(12)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A request's pauses, oldest first.
pub fn pauses(conn: &Connection, id: i64) -> Result<Vec<Pause>> {
    let mut stmt = conn.prepare(
        "SELECT paused_on, resumed_on, reason, paused_by FROM request_pauses
         WHERE request_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok(Pause {
            paused_on: r.get(0)?,
            resumed_on: r.get(1)?,
            reason: r.get(2)?,
            paused_by: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The deadline the rules give a request now, from its stored type, jurisdiction,
/// channel, date of receipt, extension and closed pauses.
pub fn compute_deadline(conn: &Connection, rules: &Rules, id: i64) -> Result<Deadline> {
    let (kind, jurisdiction, channel, received_on, extended): (
        String,
        String,
        String,
        Option<String>,
        Option<String>,
    ) = conn
        .prepare_cached("SELECT type, jurisdiction, channel, coalesce(received_on, date(received_at, '+8 hours')),
                    extended_at
             FROM rights_requests WHERE id = ?1")?
.query_row([id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?
        .ok_or_else(|| not_found(id))?;
    let received_on =
        crate::time::parse_date("received_on", received_on.as_deref().unwrap_or_default())?;
    let paused_days: i64 = conn
        .prepare_cached(
            "SELECT coalesce(sum(julianday(resumed_on) - julianday(paused_on)), 0)
         FROM request_pauses WHERE request_id = ?1 AND resumed_on IS NOT NULL",
        )?
        .query_row([id], |r| r.get::<_, f64>(0))? as i64;
    let ctx = rules::context(conn)?;
    rules.deadline(
        &kind,
        &jurisdiction,
        &channel,
        Clock {
            received_on,
            paused_days,
            extended: extended.is_some(),
        },
        &ctx,
    )
}

/// Appends an event to a request's timeline (no audit entry of its own: the change
/// that caused it records one).
pub fn add_event(change: &Change<'_>, id: i64, kind: &str, detail: &Value) -> Result<()> {
    change
        .tx()
        .prepare_cached(
            "INSERT INTO request_events (request_id, at, actor, kind, detail)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![
            id,
            crate::time::now(),
            change.actor(),
            kind,
            detail.to_string()
        ])?;
    Ok(())
}

/// Recomputes and stores a request's due date; returns the old and new due dates when
/// they differ.
pub fn recompute(
    change: &mut Change<'_>,
    rules: &Rules,
    id: i64,
) -> Result<Option<(Option<String>, String)>> {
    let deadline = compute_deadline(change.tx(), rules, id)?;
    let (old_due, old_rule): (Option<String>, Option<String>) = change
        .tx()
        .prepare_cached("SELECT due_date, rule FROM rights_requests WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let new_due = deadline.due_date.to_string();
    change.tx().prepare_cached("UPDATE rights_requests SET due_date = ?2, rule = ?3, rule_id = ?4, acknowledge_by = ?5,
                extension_notice_due = CASE WHEN extended_at IS NULL THEN ?6 ELSE extension_notice_due END
         WHERE id = ?1")?
.execute(params![
            id,
            new_due,
            deadline.rule,
            deadline.rule_id,
            deadline.acknowledge_by.map(|d| d.to_string()),
            deadline.extension_notice_due.map(|d| d.to_string()),
        ],
    )?;
    if old_due.as_deref() == Some(new_due.as_str()) && old_rule.as_deref() == Some(&deadline.rule) {
        Ok(None)
    } else {
        Ok(Some((old_due, new_due)))
    }
}

/// A message to keep with a request: the original or a reply.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, Default)]
pub struct NewMessage {
    pub message_id: Option<String>,
    pub sha256: String,
    pub sender: Option<String>,
    pub sent_at: Option<String>,
    pub received_at: String,
    pub subject: Option<String>,
    pub body: Option<String>,
    pub in_reply_to: Option<String>,
    pub references: Vec<String>,
    /// JSON array of `{name, content_type, size}`.
    pub attachments: Value,
    pub source_file: Option<String>,
}

/// A request about to be entered (by hand or by an import).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct NewRequest {
    /// RFC 3339 UTC.
    pub received_at: String,
    /// The date of receipt at the office.
    pub received_on: NaiveDate,
    pub channel: String,
    pub requester_name: Option<String>,
    pub requester_email: Option<String>,
    pub merchant_id: Option<i64>,
    pub kind: String,
    pub classification_note: Option<String>,
    pub jurisdiction: String,
    pub subject: Option<String>,
    pub body: Option<String>,
    pub note: Option<String>,
    /// The message it arrived as, if any.
    pub message: Option<NewMessage>,
}

/// A request entered by hand, as the officer typed it.
pub struct ManualEntry<'a> {
    pub kind: &'a str,
    pub email: &'a str,
    pub name: Option<&'a str>,
    /// A merchant's id, shop domain or name.
    pub merchant: Option<&'a str>,
    pub received_on: NaiveDate,
    /// Defaults to the register's default jurisdiction.
    pub jurisdiction: Option<&'a str>,
    pub note: Option<&'a str>,
}

/// Checks a hand-entered request and turns it into a [`NewRequest`]; the CLI's
/// `requests add` and the desktop's form share it.
pub fn manual_entry(
    conn: &Connection,
    e: &ManualEntry<'_>,
    today: NaiveDate,
) -> Result<NewRequest> {
    if e.received_on > today {
        return Err(Error::Invalid(format!(
            "the date received, {}, is in the future",
            e.received_on
        )));
    }
    let email = e.email.trim().to_string();
    if email.is_empty()
        || !email.contains('@')
        || email.contains(char::is_whitespace)
        || email.len() > 254
    {
        return Err(Error::Invalid(format!("'{email}' is not an email address")));
    }
    let merchant_id = e
        .merchant
        .map(str::trim)
        .filter(|m| !m.is_empty())
        .map(|m| find_merchant(conn, m))
        .transpose()?;
    let jurisdiction = match e.jurisdiction.map(str::trim).filter(|j| !j.is_empty()) {
        Some(j) => j.to_string(),
        None => {
            crate::register::settings::get(conn, crate::register::settings::DEFAULT_JURISDICTION)?
                .unwrap_or_else(|| "HK".into())
        }
    };
    Ok(NewRequest {
        received_at: format!("{}T00:00:00Z", e.received_on),
        received_on: e.received_on,
        channel: "manual".into(),
        requester_name: e
            .name
            .map(|n| n.trim().to_string())
            .filter(|n| !n.is_empty()),
        requester_email: Some(email),
        merchant_id,
        kind: parse_type(e.kind)?,
        classification_note: Some("entered by hand".into()),
        jurisdiction,
        subject: None,
        body: None,
        note: e.note.map(str::to_string),
        message: None,
    })
}

fn insert_message(change: &Change<'_>, request_id: i64, role: &str, m: &NewMessage) -> Result<()> {
    change
        .tx()
        .prepare_cached(
            "INSERT INTO request_messages (request_id, role, message_id, sha256, sender, sent_at,
             received_at, subject, body, in_reply_to, refs, attachments, source_file, imported_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        )?
        .execute(params![
            request_id,
            role,
            m.message_id,
            m.sha256,
            m.sender,
            m.sent_at,
            m.received_at,
            m.subject,
            m.body,
            m.in_reply_to,
            json!(m.references).to_string(),
            m.attachments.to_string(),
            m.source_file,
            crate::time::now(),
        ])?;
    Ok(())
}

/// Enters a new request, computes its deadline, and records it.
pub fn insert(change: &mut Change<'_>, rules: &Rules, new: &NewRequest) -> Result<i64> {
    let kind = parse_type(&new.kind)?;
    let jurisdiction = rules.jurisdiction(&new.jurisdiction)?.code.clone();
    let m = new.message.as_ref();
    // A new request has no pause and no extension yet: its deadline follows from what is
    // entered, so it is written with the row (as `recompute` would set it).
    let deadline = rules.deadline(
        &kind,
        &jurisdiction,
        &new.channel,
        Clock {
            received_on: new.received_on,
            paused_days: 0,
            extended: false,
        },
        &rules::context(change.tx())?,
    )?;
    let due = Some(deadline.due_date.to_string());
    let rule = Some(deadline.rule.clone());
    change
        .tx()
        .prepare_cached(
            "INSERT INTO rights_requests (received_at, received_on, channel, requester_name,
             requester_email, merchant_id, type, classification_note, jurisdiction, status,
             message_id, message_sha256, subject, body, sender, source_file, attachments,
             created_at, due_date, rule, rule_id, acknowledge_by, extension_notice_due)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'received', ?10, ?11, ?12, ?13, ?14, ?15,
                 ?16, ?17, ?18, ?19, ?20, ?21, ?22)",
        )?
        .execute(params![
            new.received_at,
            new.received_on.to_string(),
            new.channel,
            new.requester_name,
            new.requester_email,
            new.merchant_id,
            kind,
            new.classification_note,
            jurisdiction,
            m.and_then(|m| m.message_id.clone()),
            m.map(|m| m.sha256.clone()),
            new.subject,
            new.body,
            m.and_then(|m| m.sender.clone()),
            m.and_then(|m| m.source_file.clone()),
            m.map(|m| m.attachments.to_string())
                .unwrap_or_else(|| "[]".into()),
            crate::time::now(),
            due,
            rule,
            deadline.rule_id,
            deadline.acknowledge_by.map(|d| d.to_string()),
            deadline.extension_notice_due.map(|d| d.to_string()),
        ])?;
    let id = change.tx().last_insert_rowid();
    if let Some(m) = m {
        insert_message(change, id, "original", m)?;
    }
    add_event(
        change,
        id,
        "received",
        &json!({
            "channel": new.channel,
            "type": kind,
            "classification": new.classification_note,
            "jurisdiction": jurisdiction,
            "due_date": due,
            "rule": rule,
            "note": new.note,
            "message_id": m.and_then(|m| m.message_id.clone()),
            "sha256": m.map(|m| m.sha256.clone()),
            "source_file": m.and_then(|m| m.source_file.clone()),
        }),
    )?;
    change.record(
        if new.channel == "manual" {
            "add"
        } else {
            "import"
        },
        "rights_request",
        Some(&id.to_string()),
        &json!({
            "received_at": new.received_at,
            "received_on": new.received_on.to_string(),
            "channel": new.channel,
            "requester_email": new.requester_email,
            "type": kind,
            "jurisdiction": jurisdiction,
            "due_date": due,
            "rule": rule,
            "message_id": m.and_then(|m| m.message_id.clone()),
            "message_sha256": m.map(|m| m.sha256.clone()),
        }),
    )?;
    Ok(id)
}

/// Adds a reply to an existing request's thread and timeline.
pub fn add_reply(change: &mut Change<'_>, id: i64, m: &NewMessage) -> Result<()> {
    insert_message(change, id, "reply", m)?;
    add_event(
        change,
        id,
        "reply",
        &json!({
            "message_id": m.message_id,
            "sender": m.sender,
            "subject": m.subject,
            "sha256": m.sha256,
            "source_file": m.source_file,
        }),
    )?;
    change.record(
        "reply",
        "rights_request",
        Some(&id.to_string()),
        &json!({ "message_id": m.message_id, "sha256": m.sha256, "sender": m.sender }),
    )
}

/// The request a message belongs to, if one of `ids` (its Message-ID, In-Reply-To,
/// References) is already in the register.
pub fn find_by_message_ids(conn: &Connection, ids: &[String]) -> Result<Option<i64>> {
    for mid in ids {
        let found: Option<i64> = conn
            .prepare_cached(
                "SELECT request_id FROM request_messages WHERE message_id = ?1
                 UNION ALL SELECT id FROM rights_requests WHERE message_id = ?1 LIMIT 1",
            )?
            .query_row([mid], |r| r.get(0))
            .optional()?;
        if found.is_some() {
            return Ok(found);
        }
    }
    Ok(None)
}

/// Whether a message is already in the register: by Message-ID, or by SHA-256 when it
/// has none.
pub fn message_known(conn: &Connection, message_id: Option<&str>, sha256: &str) -> Result<bool> {
    let n: i64 = match message_id {
        Some(mid) => conn
            .prepare_cached(
                "SELECT (SELECT count(*) FROM request_messages WHERE message_id = ?1)
                  + (SELECT count(*) FROM rights_requests WHERE message_id = ?1)",
            )?
            .query_row([mid], |r| r.get(0))?,
        None => conn
            .prepare_cached(
                "SELECT (SELECT count(*) FROM request_messages WHERE sha256 = ?1)
                  + (SELECT count(*) FROM rights_requests WHERE message_sha256 = ?1)",
            )?
            .query_row([sha256], |r| r.get(0))?,
    };
    Ok(n > 0)
}

struct Current {
    kind: String,
    status: String,
    jurisdiction: String,
    paused_since: Option<String>,
    extended_at: Option<String>,
}

fn current(conn: &Connection, id: i64) -> Result<Current> {
    conn.prepare_cached(
        "SELECT type, status, jurisdiction, paused_since, extended_at FROM rights_requests
         WHERE id = ?1",
    )?
    .query_row([id], |r| {
        Ok(Current {
            kind: r.get(0)?,
            status: r.get(1)?,
            jurisdiction: r.get(2)?,
            paused_since: r.get(3)?,
            extended_at: r.get(4)?,
        })
    })
    .optional()?
    .ok_or_else(|| not_found(id))
}

fn require_open(id: i64, c: &Current) -> Result<()> {
    if CLOSED.contains(&c.status.as_str()) {
        return Err(Error::Invalid(format!(
            "request {id} is {}; a closed request does not change",
            c.status
        )));
    }
    Ok(())
}

fn required_text(field: &str, text: &str) -> Result<String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(Error::Invalid(format!("{field} must not be empty")));
    }
    Ok(t.to_string())
}

/// Corrects a request's type (the officer's classification), recomputing its deadline.
pub fn classify(
    change: &mut Change<'_>,
    rules: &Rules,
    id: i64,
    kind: &str,
    note: Option<&str>,
) -> Result<()> {
    let kind = parse_type(kind)?;
    let c = current(change.tx(), id)?;
    require_open(id, &c)?;
    if c.kind == kind {
        return Err(Error::Invalid(format!(
            "request {id} is already of type {kind}"
        )));
    }
    let reason = format!(
        "corrected by {}{}",
        change.actor(),
        note.map(|n| format!(": {n}")).unwrap_or_default()
    );
    change
        .tx()
        .prepare_cached(
            "UPDATE rights_requests SET type = ?2, classification_note = ?3 WHERE id = ?1",
        )?
        .execute(params![id, kind, reason])?;
    let due = recompute(change, rules, id)?;
    add_event(
        change,
        id,
        "classified",
        &json!({ "old": c.kind, "new": kind, "note": note, "due_date": due.as_ref().map(|d| &d.1) }),
    )?;
    change.record(
        "classify",
        "rights_request",
        Some(&id.to_string()),
        &json!({ "old": c.kind, "new": kind, "note": note, "due_date": due }),
    )
}

/// Changes the jurisdiction a request is handled under and recomputes its deadline.
pub fn set_jurisdiction(
    change: &mut Change<'_>,
    rules: &Rules,
    id: i64,
    code: &str,
    note: Option<&str>,
) -> Result<()> {
    let code = rules.jurisdiction(code)?.code.clone();
    let c = current(change.tx(), id)?;
    require_open(id, &c)?;
    if c.jurisdiction == code {
        return Err(Error::Invalid(format!(
            "request {id} is already handled under {code}"
        )));
    }
    if c.extended_at.is_some() {
        return Err(Error::Invalid(format!(
            "request {id} was extended under {}; its jurisdiction can no longer change",
            c.jurisdiction
        )));
    }
    change.tx().prepare_cached("UPDATE rights_requests SET jurisdiction = ?2, extension_notice_due = NULL WHERE id = ?1")?
.execute(params![id, code],
    )?;
    let due = recompute(change, rules, id)?;
    add_event(
        change,
        id,
        "jurisdiction",
        &json!({ "old": c.jurisdiction, "new": code, "note": note, "due_date": due.as_ref().map(|d| &d.1) }),
    )?;
    change.record(
        "set_jurisdiction",
        "rights_request",
        Some(&id.to_string()),
        &json!({ "old": c.jurisdiction, "new": code, "note": note, "due_date": due }),
    )
}

/// Moves a request along its workflow. Closing needs a note (the outcome); a refusal
/// needs its reasons, and a refused Hong Kong access or correction request goes into the
/// PDPO s.27 log book.
pub fn transition(
    change: &mut Change<'_>,
    id: i64,
    status: &str,
    note: Option<&str>,
    today: NaiveDate,
) -> Result<()> {
    let status = status.trim().to_ascii_lowercase().replace('-', "_");
    if !STATUSES.contains(&status.as_str()) {
        return Err(Error::Invalid(format!(
            "status '{status}' is not one of {}",
            STATUSES.join(", ")
        )));
    }
    let c = current(change.tx(), id)?;
    if !allowed_next(&c.status).contains(&status.as_str()) {
        let next = allowed_next(&c.status);
        return Err(Error::Invalid(if next.is_empty() {
            format!(
                "request {id} is {} and closed; it cannot become {status}",
                c.status
            )
        } else {
            format!(
                "request {id} is {}; it can become {}, not {status}",
                c.status,
                next.join(", ")
            )
        }));
    }
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    let closing = CLOSED.contains(&status.as_str());
    if closing && note.is_none() {
        return Err(Error::Invalid(format!(
            "closing request {id} as {status} needs a note saying the outcome{}",
            if status == "refused" {
                " and the reasons for refusing"
            } else {
                ""
            }
        )));
    }
    let now = crate::time::now();
    change
        .tx()
        .prepare_cached(
            "UPDATE rights_requests SET status = ?2,
             outcome = CASE WHEN ?3 THEN ?4 ELSE outcome END,
             closed_at = CASE WHEN ?3 THEN ?5 ELSE closed_at END
         WHERE id = ?1",
        )?
        .execute(params![id, status, closing, note, now])?;
    if closing && c.paused_since.is_some() {
        end_pause(change, id, today)?;
    }
    let mut logged = false;
    if status == "refused"
        && c.jurisdiction == "HK"
        && ["access", "correction"].contains(&c.kind.as_str())
    {
        change.tx().prepare_cached("INSERT INTO pdpo_refusal_log (request_id, request_type, refused_on, reasons, logged_at, logged_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?
.execute(params![id, c.kind, today.to_string(), note, now, change.actor()],
        )?;
        logged = true;
    }
    add_event(
        change,
        id,
        "status",
        &json!({ "old": c.status, "new": status, "note": note, "pdpo_log_book": logged }),
    )?;
    change.record(
        "transition",
        "rights_request",
        Some(&id.to_string()),
        &json!({ "old": c.status, "new": status, "note": note, "pdpo_log_book": logged }),
    )
}

/// Records how and when the requester's identity was verified.
pub fn verify_identity(
    change: &mut Change<'_>,
    id: i64,
    method: &str,
    on: NaiveDate,
    today: NaiveDate,
) -> Result<()> {
    let method = required_text("the verification method", method)?;
    if on > today {
        return Err(Error::Invalid(format!(
            "identity verification date {on} is in the future"
        )));
    }
    let c = current(change.tx(), id)?;
    require_open(id, &c)?;
    change.tx().prepare_cached("UPDATE rights_requests SET identity_method = ?2, identity_verified_on = ?3 WHERE id = ?1")?
.execute(params![id, method, on.to_string()],
    )?;
    add_event(
        change,
        id,
        "identity_verified",
        &json!({ "method": method, "on": on.to_string() }),
    )?;
    change.record(
        "verify_identity",
        "rights_request",
        Some(&id.to_string()),
        &json!({ "method": method, "on": on.to_string() }),
    )
}

/// What an extension did.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Extension {
    pub old_due_date: Option<String>,
    pub new_due_date: String,
    pub notice_due: String,
    pub rule: String,
}

/// Takes the one extension the governing rule allows, with its reason. Refused when the
/// rule allows none, when it was taken already, or when its notice deadline has passed.
pub fn extend(
    change: &mut Change<'_>,
    rules: &Rules,
    id: i64,
    reason: &str,
    today: NaiveDate,
) -> Result<Extension> {
    let reason = required_text("the extension's reason", reason)?;
    let c = current(change.tx(), id)?;
    require_open(id, &c)?;
    if let Some(at) = &c.extended_at {
        return Err(Error::Invalid(format!(
            "request {id} was already extended on {at}; the law allows one extension"
        )));
    }
    let before = compute_deadline(change.tx(), rules, id)?;
    let (Some(_), Some(notice_due)) = (before.extension, before.extension_notice_due) else {
        return Err(Error::Invalid(format!(
            "request {id}'s governing rule ({}) allows no extension",
            before.rule
        )));
    };
    if today > notice_due {
        return Err(Error::Invalid(format!(
            "request {id} can no longer be extended: the notice of extension had to go out by {notice_due}"
        )));
    }
    change
        .tx()
        .prepare_cached(
            "UPDATE rights_requests SET extended_at = ?2, extension_reason = ?3,
             extension_notice_due = ?4 WHERE id = ?1",
        )?
        .execute(params![
            id,
            crate::time::now(),
            reason,
            notice_due.to_string()
        ])?;
    let changed = recompute(change, rules, id)?;
    let after = compute_deadline(change.tx(), rules, id)?;
    let result = Extension {
        old_due_date: Some(before.due_date.to_string()),
        new_due_date: after.due_date.to_string(),
        notice_due: notice_due.to_string(),
        rule: after.rule.clone(),
    };
    add_event(
        change,
        id,
        "extension",
        &json!({ "reason": reason, "old_due_date": result.old_due_date, "due_date": result.new_due_date,
                 "notice_due": result.notice_due, "rule": result.rule, "changed": changed.is_some() }),
    )?;
    change.record(
        "extend",
        "rights_request",
        Some(&id.to_string()),
        &json!({ "reason": reason, "old_due_date": result.old_due_date, "due_date": result.new_due_date,
                 "notice_due": result.notice_due }),
    )?;
    Ok(result)
}

/// Stops a request's clock, with a reason.
pub fn pause(change: &mut Change<'_>, id: i64, reason: &str, today: NaiveDate) -> Result<()> {
    let reason = required_text("the pause's reason", reason)?;
    let c = current(change.tx(), id)?;
    require_open(id, &c)?;
    if let Some(since) = c.paused_since {
        return Err(Error::Invalid(format!(
            "request {id} is already paused since {since}"
        )));
    }
    change.tx().prepare_cached("INSERT INTO request_pauses (request_id, paused_on, reason, paused_by) VALUES (?1, ?2, ?3, ?4)")?
.execute(params![id, today.to_string(), reason, change.actor()],
    )?;
    change
        .tx()
        .prepare_cached("UPDATE rights_requests SET paused_since = ?2 WHERE id = ?1")?
        .execute(params![id, today.to_string()])?;
    add_event(
        change,
        id,
        "pause",
        &json!({ "reason": reason, "on": today.to_string() }),
    )?;
    change.record(
        "pause",
        "rights_request",
        Some(&id.to_string()),
        &json!({ "reason": reason, "on": today.to_string() }),
    )
}

fn end_pause(change: &Change<'_>, id: i64, today: NaiveDate) -> Result<i64> {
    let paused_on: String = change
        .tx()
        .prepare_cached(
            "SELECT paused_on FROM request_pauses WHERE request_id = ?1 AND resumed_on IS NULL",
        )?
        .query_row([id], |r| r.get(0))?;
    let paused_on = crate::time::parse_date("paused_on", &paused_on)?;
    let resumed_on = today.max(paused_on);
    change
        .tx()
        .prepare_cached(
            "UPDATE request_pauses SET resumed_on = ?2, resumed_by = ?3
         WHERE request_id = ?1 AND resumed_on IS NULL",
        )?
        .execute(params![id, resumed_on.to_string(), change.actor()])?;
    change
        .tx()
        .prepare_cached("UPDATE rights_requests SET paused_since = NULL WHERE id = ?1")?
        .execute([id])?;
    Ok((resumed_on - paused_on).num_days())
}

/// Restarts a paused clock; the paused days push the due date.
pub fn resume(
    change: &mut Change<'_>,
    rules: &Rules,
    id: i64,
    note: Option<&str>,
    today: NaiveDate,
) -> Result<()> {
    let c = current(change.tx(), id)?;
    require_open(id, &c)?;
    if c.paused_since.is_none() {
        return Err(Error::Invalid(format!("request {id} is not paused")));
    }
    let days = end_pause(change, id, today)?;
    let due = recompute(change, rules, id)?;
    let detail =
        json!({ "note": note, "paused_days": days, "due_date": due.as_ref().map(|d| &d.1) });
    add_event(change, id, "resume", &detail)?;
    change.record("resume", "rights_request", Some(&id.to_string()), &detail)
}

/// Records that a letter was drafted from a request (the file's name and SHA-256).
pub fn record_letter(
    change: &mut Change<'_>,
    id: i64,
    template: &str,
    lang: &str,
    file: &str,
    sha256: &str,
) -> Result<()> {
    let detail = json!({ "template": template, "lang": lang, "file": file, "sha256": sha256 });
    add_event(change, id, "letter_drafted", &detail)?;
    change.record(
        "draft_letter",
        "rights_request",
        Some(&id.to_string()),
        &detail,
    )
}

/// Recomputes every open request's deadline (after the calendar changed), recording
/// each change in the request's timeline. Returns how many moved.
pub fn recompute_open(change: &mut Change<'_>, rules: &Rules, why: &str) -> Result<usize> {
    let ids: Vec<i64> = {
        let mut stmt = change.tx().prepare(
            "SELECT id FROM rights_requests WHERE status NOT IN ('completed', 'refused', 'withdrawn')",
        )?;
        let ids = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids
    };
    let mut moved = 0;
    for id in ids {
        if let Some((old, new)) = recompute(change, rules, id)? {
            add_event(
                change,
                id,
                "deadline",
                &json!({ "old": old, "new": new, "why": why }),
            )?;
            change.record(
                "recompute_deadline",
                "rights_request",
                Some(&id.to_string()),
                &json!({ "old": old, "new": new, "why": why }),
            )?;
            moved += 1;
        }
    }
    Ok(moved)
}

/// A recorded gale warning / black rainstorm warning day.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct WarningDay {
    pub day: String,
    pub reason: String,
    pub recorded_at: String,
    pub recorded_by: String,
}

/// The recorded warning days, oldest first.
pub fn warning_days(conn: &Connection) -> Result<Vec<WarningDay>> {
    let mut stmt = conn
        .prepare("SELECT day, reason, recorded_at, recorded_by FROM warning_days ORDER BY day")?;
    let rows = stmt.query_map([], |r| {
        Ok(WarningDay {
            day: r.get(0)?,
            reason: r.get(1)?,
            recorded_at: r.get(2)?,
            recorded_by: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Records a gale / black rainstorm warning day (Cap. 1 s.71(2)) and moves the open Hong
/// Kong deadlines it touches. Returns how many requests moved.
pub fn add_warning_day(
    change: &mut Change<'_>,
    rules: &Rules,
    day: NaiveDate,
    reason: &str,
) -> Result<usize> {
    let reason = required_text("the warning day's reason", reason)?;
    let exists: bool = change
        .tx()
        .prepare_cached("SELECT count(*) > 0 FROM warning_days WHERE day = ?1")?
        .query_row([day.to_string()], |r| r.get(0))?;
    if exists {
        return Err(Error::Invalid(format!(
            "{day} is already a recorded warning day"
        )));
    }
    change.tx().prepare_cached("INSERT INTO warning_days (day, reason, recorded_at, recorded_by) VALUES (?1, ?2, ?3, ?4)")?
.execute(params![day.to_string(), reason, crate::time::now(), change.actor()],
    )?;
    change.record(
        "add",
        "warning_day",
        Some(&day.to_string()),
        &json!({ "reason": reason }),
    )?;
    recompute_open(
        change,
        rules,
        &format!("warning day {day} recorded: {reason}"),
    )
}

/// Removes a warning day recorded in error, moving the deadlines back.
pub fn remove_warning_day(change: &mut Change<'_>, rules: &Rules, day: NaiveDate) -> Result<usize> {
    let removed = change
        .tx()
        .prepare_cached("DELETE FROM warning_days WHERE day = ?1")?
        .execute([day.to_string()])?;
    if removed == 0 {
        return Err(Error::Invalid(format!(
            "{day} is not a recorded warning day"
        )));
    }
    change.record("remove", "warning_day", Some(&day.to_string()), &json!({}))?;
    recompute_open(change, rules, &format!("warning day {day} removed"))
}

/// An entry in the PDPO s.27 refusal log book.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RefusalLogEntry {
    pub id: i64,
    pub request_id: i64,
    pub request_type: String,
    pub refused_on: String,
    pub reasons: String,
    pub logged_at: String,
    pub logged_by: String,
}

/// The PDPO refusal log book, oldest first.
pub fn refusal_log(conn: &Connection) -> Result<Vec<RefusalLogEntry>> {
    let mut stmt = conn.prepare(
        "SELECT id, request_id, request_type, refused_on, reasons, logged_at, logged_by
         FROM pdpo_refusal_log ORDER BY refused_on, id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(RefusalLogEntry {
            id: r.get(0)?,
            request_id: r.get(1)?,
            request_type: r.get(2)?,
            refused_on: r.get(3)?,
            reasons: r.get(4)?,
            logged_at: r.get(5)?,
            logged_by: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Drops log book entries refused before `before`. Refuses any cut-off that would drop
/// an entry younger than four years. Returns how many entries went.
pub fn purge_refusal_log(
    change: &mut Change<'_>,
    before: NaiveDate,
    today: NaiveDate,
) -> Result<usize> {
    let oldest_allowed = today
        .checked_sub_months(chrono::Months::new(12 * REFUSAL_LOG_YEARS))
        .unwrap_or(NaiveDate::MIN);
    if before > oldest_allowed {
        return Err(Error::Invalid(format!(
            "the PDPO refusal log book keeps entries at least {REFUSAL_LOG_YEARS} years; only entries refused before {oldest_allowed} may be purged, not before {before}"
        )));
    }
    let purged = change
        .tx()
        .prepare_cached("DELETE FROM pdpo_refusal_log WHERE refused_on < ?1")?
        .execute([before.to_string()])?;
    if purged == 0 {
        return Err(Error::Invalid(format!(
            "no PDPO refusal log entries were refused before {before}; nothing to purge"
        )));
    }
    change.record(
        "purge",
        "pdpo_refusal_log",
        None,
        &json!({ "before": before.to_string(), "entries": purged }),
    )?;
    Ok(purged)
}

/// A merchant named by id, name or shop domain.
pub fn find_merchant(conn: &Connection, text: &str) -> Result<i64> {
    let t = text.trim();
    let found: Option<i64> = conn
        .prepare_cached(
            "SELECT id FROM merchants WHERE CAST(id AS TEXT) = ?1 OR name = ?1 COLLATE NOCASE
                OR shop_domain = ?1 COLLATE NOCASE ORDER BY id LIMIT 1",
        )?
        .query_row([t], |r| r.get(0))
        .optional()?;
    found.ok_or_else(|| Error::NotFound {
        what: "merchant",
        id: t.to_string(),
    })
}

//! Retention rules: how long each category of data is kept, from what event,
//! and whether it is then deleted or anonymised (policy §7).

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::search_sets::KeptSlot;
use super::Page;
use crate::db::Change;
use crate::error::{Error, Result};
use crate::spreadsheet::fields;

/// A retention rule.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct RetentionRule {
    pub data_category: String,
    pub description: String,
    pub period_days: u32,
    pub trigger: String,
    pub action: String,
    pub basis: String,
}

/// The events a retention period may run from.
pub const TRIGGERS: &[&str] = &[
    "authorization_revoked",
    "contract_ended",
    "request_closed",
    "collected",
    "last_contact",
];
/// What happens when the period ends.
pub const ACTIONS: &[&str] = &["delete", "anonymise"];

/// Every rule, by data category.
pub fn list(conn: &Connection) -> Result<Vec<RetentionRule>> {
    let mut stmt = conn.prepare(
        "SELECT data_category, description, period_days, trigger, action, basis
         FROM retention_rules ORDER BY data_category",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(RetentionRule {
            data_category: r.get(0)?,
            description: r.get(1)?,
            period_days: r.get(2)?,
            trigger: r.get(3)?,
            action: r.get(4)?,
            basis: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Adds a rule.
pub fn insert(change: &mut Change<'_>, rule: &RetentionRule) -> Result<()> {
    change.tx().execute(
        "INSERT INTO retention_rules (data_category, description, period_days, trigger, action, basis)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            rule.data_category,
            rule.description,
            rule.period_days,
            rule.trigger,
            rule.action,
            rule.basis
        ],
    )?;
    change.record(
        "create",
        "retention_rule",
        Some(&rule.data_category),
        &json!(rule),
    )
}

/// Changes to a retention rule; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct RuleEdit {
    pub description: Option<String>,
    pub period_days: Option<u32>,
    pub trigger: Option<String>,
    pub action: Option<String>,
    pub basis: Option<String>,
}

/// One rule by data category.
pub fn get(conn: &Connection, data_category: &str) -> Result<RetentionRule> {
    conn.query_row(
        "SELECT data_category, description, period_days, trigger, action, basis
         FROM retention_rules WHERE data_category = ?1",
        [data_category.trim()],
        |r| {
            Ok(RetentionRule {
                data_category: r.get(0)?,
                description: r.get(1)?,
                period_days: r.get(2)?,
                trigger: r.get(3)?,
                action: r.get(4)?,
                basis: r.get(5)?,
            })
        },
    )
    .optional()?
    .ok_or_else(|| Error::NotFound {
        what: "retention rule",
        id: data_category.trim().to_string(),
    })
}

/// The rule `e` would produce, checked, beside the current one: `(old, new)`. Reads only.
pub fn preview_rule_edit(
    conn: &Connection,
    data_category: &str,
    e: &RuleEdit,
) -> Result<(RetentionRule, RetentionRule)> {
    let old = get(conn, data_category)?;
    let mut c = fields::Checker::default();
    let pick = |v: &Option<String>, o: &str| v.clone().unwrap_or_else(|| o.to_string());
    let description = c.take(fields::text(
        "description",
        &pick(&e.description, &old.description),
        1000,
    ));
    let basis = c.take(fields::text("basis", &pick(&e.basis, &old.basis), 2000));
    let trigger = c.take(fields::one_of(
        "trigger",
        &pick(&e.trigger, &old.trigger),
        TRIGGERS,
        None,
    ));
    let action = c.take(fields::one_of(
        "action",
        &pick(&e.action, &old.action),
        ACTIONS,
        None,
    ));
    let period_days = e.period_days.unwrap_or(old.period_days);
    if period_days > 36_500 {
        c.push(fields::FieldError::new(
            "period_days",
            format!("{period_days} is more than a hundred years; give the period in days"),
        ));
    }
    let new = c
        .finish(RetentionRule {
            data_category: old.data_category.clone(),
            description: description.unwrap_or_default(),
            period_days,
            trigger: trigger.unwrap_or_default(),
            action: action.unwrap_or_default(),
            basis: basis.unwrap_or_default(),
        })
        .map_err(|e| fields::into_error(&format!("retention rule {}", old.data_category), &e))?;
    Ok((old, new))
}

/// Edits a retention rule, recording old and new values. False, recording nothing,
/// when nothing changed.
pub fn edit_rule(change: &mut Change<'_>, data_category: &str, e: &RuleEdit) -> Result<bool> {
    let (old, new) = preview_rule_edit(change.tx(), data_category, e)?;
    if new == old {
        return Ok(false);
    }
    change.tx().execute(
        "UPDATE retention_rules SET description = ?2, period_days = ?3, trigger = ?4, action = ?5,
             basis = ?6 WHERE data_category = ?1",
        params![
            new.data_category,
            new.description,
            new.period_days,
            new.trigger,
            new.action,
            new.basis
        ],
    )?;
    change.record(
        "update",
        "retention_rule",
        Some(&new.data_category),
        &json!({ "changes": fields::diff(&old, &new) }),
    )?;
    Ok(true)
}

/// A recorded deletion or anonymisation.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RetentionAction {
    pub key: String,
    pub action: String,
    pub evidence: String,
    pub done_on: String,
    pub recorded_at: String,
    pub recorded_by: String,
}

/// Data that a retention rule says must go: one rule applied to one record.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RetentionItem {
    /// Stable key: `SUBJECT:ID:DATA_CATEGORY`, e.g. `authorization:12:authorized_platform_data`.
    pub key: String,
    /// `authorization`, `merchant` or `request`.
    pub subject: String,
    pub subject_id: i64,
    /// Who or what it is about, in words.
    pub subject_label: String,
    pub data_category: String,
    pub description: String,
    pub trigger: String,
    /// What the rule says to do: `delete` or `anonymise`.
    pub action: String,
    pub period_days: u32,
    /// The date of the triggering event (revocation, contract end, request closed).
    pub event_date: String,
    /// The date the data became (or becomes) due for deletion.
    pub due_on: String,
    /// `due` (past its date, not yet done), `pending` (not yet due) or `done`.
    pub status: String,
    /// Days since it became due (0 on the day); negative while pending.
    pub days_overdue: i64,
    /// What was done, once recorded.
    pub done: Option<RetentionAction>,
}

fn date_of(text: &str) -> Option<NaiveDate> {
    text.get(..10)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
}

/// The records a rule's trigger concerns, as SQL: its subject, the columns `id, label,
/// event`, and the FROM … WHERE part, read through the index of schema 4 that holds just
/// those records in the order of the triggering event (ties by id). `None` for triggers
/// whose data the register does not hold.
struct Subjects {
    subject: &'static str,
    columns: &'static str,
    from: &'static str,
    /// The FROM … WHERE part that counts them.
    count_from: &'static str,
    /// The triggering event's column, as both FROM parts name it.
    event: &'static str,
    order: &'static str,
    id_column: &'static str,
    /// The partial index holding just these records in event order.
    index: &'static str,
}

impl Subjects {
    fn of(trigger: &str) -> Option<Subjects> {
        // An event whose first ten characters are not a date gives no item (the workbench
        // never writes one); it is still counted in a page's total.
        Some(match trigger {
            "authorization_revoked" => Subjects {
                subject: "authorization",
                columns: "a.id, m.name || ' · ' || a.platform || ' authorization ' || a.id, a.revoked_at",
                from: "FROM authorizations a {index} JOIN merchants m ON m.id = a.merchant_id
                       WHERE a.revoked_at IS NOT NULL",
                // Every authorization has its merchant (a foreign key): no join to count.
                count_from: "FROM authorizations a INDEXED BY authorizations_revoked
                        WHERE a.revoked_at IS NOT NULL",
                event: "a.revoked_at",
                order: "ORDER BY a.revoked_at, a.id",
                id_column: "a.id",
                index: "authorizations_revoked",
            },
            "contract_ended" => Subjects {
                subject: "merchant",
                columns: "id, name, contract_end",
                from: "FROM merchants {index}
                       WHERE status = 'ended' AND contract_end IS NOT NULL",
                count_from: "FROM merchants INDEXED BY merchants_ended
                        WHERE status = 'ended' AND contract_end IS NOT NULL",
                event: "contract_end",
                order: "ORDER BY contract_end, id",
                id_column: "id",
                index: "merchants_ended",
            },
            "request_closed" => Subjects {
                subject: "request",
                columns: "id, 'rights request ' || id || ' (' || type || ', ' || status || ')', closed_at",
                from: "FROM rights_requests {index}
                       WHERE status IN ('completed', 'refused', 'withdrawn') AND closed_at IS NOT NULL",
                count_from: "FROM rights_requests INDEXED BY rights_requests_closed
                        WHERE status IN ('completed', 'refused', 'withdrawn') AND closed_at IS NOT NULL",
                event: "closed_at",
                order: "ORDER BY closed_at, id",
                id_column: "id",
                index: "rights_requests_closed",
            },
            _ => return None,
        })
    }

    /// The FROM … WHERE part, through the records' index or not.
    fn from(&self, indexed: bool) -> String {
        let index = if indexed {
            format!("INDEXED BY {}", self.index)
        } else {
            String::new()
        };
        self.from.replace("{index}", &index)
    }

    /// Every record, in event order; from the day `?1` on when `bounded`.
    fn all_sql(&self, bounded: bool) -> String {
        let bound = if bounded {
            format!("AND {} >= ?1", self.event)
        } else {
            String::new()
        };
        format!(
            "SELECT {} {} {bound} {}",
            self.columns,
            self.from(true),
            self.order
        )
    }

    /// The record with id ?1.
    fn one_sql(&self) -> String {
        format!(
            "SELECT {} {} AND {} = ?1",
            self.columns,
            self.from(false),
            self.id_column
        )
    }
}

/// Every trigger's records counted by the day of their event: what a page's total and a
/// deep page's first day are worked out from, instead of walking the items before it.
/// Kept while the register is unchanged (`search_sets::KeptSlot`).
struct Calendar {
    triggers: Vec<TriggerDays>,
}

/// One trigger's records: how many (a readable date or not), and the days with a record
/// in order, each with how many records fall on it or before.
struct TriggerDays {
    trigger: &'static str,
    records: u64,
    days: Vec<(NaiveDate, u64)>,
}

static CALENDAR: KeptSlot<Calendar> = KeptSlot::new();

impl Calendar {
    fn load(conn: &Connection) -> Result<Calendar> {
        let mut triggers = Vec::new();
        for trigger in TRIGGERS {
            let Some(s) = Subjects::of(trigger) else {
                continue;
            };
            // Through the records' index, in its order: no sorting, no table rows read.
            let mut stmt = conn.prepare(&format!(
                "SELECT {event} {} ORDER BY {event}",
                s.count_from,
                event = s.event
            ))?;
            let mut rows = stmt.query([])?;
            let (mut records, mut dated) = (0u64, 0u64);
            let mut days: Vec<(NaiveDate, u64)> = Vec::new();
            // The records of one day sort together (the same first ten characters): a date
            // is read only when they change.
            let mut prefix: Vec<u8> = Vec::new();
            let mut day: Option<NaiveDate> = None;
            while let Some(row) = rows.next()? {
                records += 1;
                let event = row.get_ref(0)?.as_str().unwrap_or_default();
                let head = event.as_bytes().get(..10).unwrap_or(event.as_bytes());
                if head != prefix.as_slice() || event.len() < 10 {
                    prefix.clear();
                    prefix.extend_from_slice(head);
                    day = date_of(event);
                }
                let Some(day) = day else {
                    continue;
                };
                dated += 1;
                match days.last_mut() {
                    Some((last, through)) if *last == day => *through = dated,
                    _ => days.push((day, dated)),
                }
            }
            triggers.push(TriggerDays {
                trigger,
                records,
                days,
            });
        }
        Ok(Calendar { triggers })
    }

    fn find(&self, trigger: &str) -> Option<&TriggerDays> {
        self.triggers.iter().find(|t| t.trigger == trigger)
    }

    fn of(&self, trigger: &str) -> Option<&[(NaiveDate, u64)]> {
        self.find(trigger).map(|t| t.days.as_slice())
    }

    /// How many items the rules give: one per rule and record, readable date or not.
    fn total(&self, rules: &[RetentionRule]) -> u64 {
        rules
            .iter()
            .filter_map(|r| self.find(&r.trigger))
            .map(|t| t.records)
            .sum()
    }

    /// How many items fall due before `day`.
    fn before(&self, rules: &[RetentionRule], day: NaiveDate) -> u64 {
        let mut n = 0;
        for rule in rules {
            let Some(days) = self.of(&rule.trigger) else {
                continue;
            };
            let Some(events_before) = day.checked_sub_days(period(rule)) else {
                continue;
            };
            let i = days.partition_point(|(d, _)| *d < events_before);
            if i > 0 {
                n += days[i - 1].1;
            }
        }
        n
    }

    /// The day the item at `offset` (in walk order) falls due on, and how many fall due
    /// before that day; `None` when no item has a readable date.
    fn seek(&self, rules: &[RetentionRule], offset: u64) -> Option<(NaiveDate, u64)> {
        let mut due_days = rules.iter().filter_map(|rule| {
            let days = self.of(&rule.trigger)?;
            let first = days.first()?.0.checked_add_days(period(rule))?;
            let last = days.last()?.0.checked_add_days(period(rule))?;
            Some((first, last))
        });
        let (mut low, mut high) = due_days.next()?;
        for (first, last) in due_days {
            low = low.min(first);
            high = high.max(last);
        }
        // The last day on or before which at most `offset` items fall due; nothing falls
        // due before the first.
        while low < high {
            let middle = low + chrono::Days::new(((high - low).num_days() as u64).div_ceil(2));
            if self.before(rules, middle) <= offset {
                low = middle;
            } else {
                high = middle - chrono::Days::new(1);
            }
        }
        Some((low, self.before(rules, low)))
    }
}

fn period(rule: &RetentionRule) -> chrono::Days {
    chrono::Days::new(u64::from(rule.period_days))
}

/// The recorded action that closed an item, if any.
fn action_for(conn: &Connection, key: &str) -> Result<Option<RetentionAction>> {
    Ok(conn
        .query_row(
            "SELECT item_key, action, evidence, done_on, recorded_at, recorded_by
             FROM retention_actions WHERE item_key = ?1",
            [key],
            |r| {
                Ok(RetentionAction {
                    key: r.get(0)?,
                    action: r.get(1)?,
                    evidence: r.get(2)?,
                    done_on: r.get(3)?,
                    recorded_at: r.get(4)?,
                    recorded_by: r.get(5)?,
                })
            },
        )
        .optional()?)
}

/// An item before its recorded action is looked up.
struct Pending {
    key: String,
    subject: &'static str,
    subject_id: i64,
    label: String,
    rule: usize,
    event_date: NaiveDate,
    due_on: NaiveDate,
}

impl Pending {
    fn finish(
        self,
        conn: &Connection,
        rules: &[RetentionRule],
        today: NaiveDate,
    ) -> Result<RetentionItem> {
        let rule = &rules[self.rule];
        let done = action_for(conn, &self.key)?;
        let status = if done.is_some() {
            "done"
        } else if self.due_on <= today {
            "due"
        } else {
            "pending"
        };
        Ok(RetentionItem {
            key: self.key,
            subject: self.subject.into(),
            subject_id: self.subject_id,
            subject_label: self.label,
            data_category: rule.data_category.clone(),
            description: rule.description.clone(),
            trigger: rule.trigger.clone(),
            action: rule.action.clone(),
            period_days: rule.period_days,
            event_date: fields::iso(self.event_date),
            due_on: fields::iso(self.due_on),
            status: status.into(),
            days_overdue: (today - self.due_on).num_days(),
            done,
        })
    }
}

/// Walks every retention item in order — soonest due first, then by key — reading the
/// records through their event-date indexes and merging them, so the first items cost
/// little however many records the register holds. With `from`, the walk starts with the
/// items due that day. `visit` returns false to stop.
fn walk(
    conn: &Connection,
    rules: &[RetentionRule],
    from: Option<NaiveDate>,
    mut visit: impl FnMut(Pending) -> Result<bool>,
) -> Result<()> {
    let mut arms = Vec::new();
    for (i, rule) in rules.iter().enumerate() {
        if let Some(subjects) = Subjects::of(&rule.trigger) {
            // A record's items fall due `period` after its event: the first events that
            // fall due on `from` (none before the calendar's start: no bound then).
            let bound = from
                .and_then(|day| day.checked_sub_days(period(rule)))
                .map(fields::iso);
            let stmt = conn.prepare(&subjects.all_sql(bound.is_some()))?;
            arms.push((i, subjects.subject, stmt, bound));
        }
    }
    let mut streams = Vec::new();
    for (i, subject, stmt, bound) in arms.iter_mut() {
        let period = period(&rules[*i]);
        let rows = match bound {
            Some(bound) => stmt.query([bound.as_str()])?,
            None => stmt.query([])?,
        };
        streams.push((*i, *subject, period, rows, None::<Pending>));
    }
    // Fills each stream's head: its next item with a readable date.
    let advance = |s: &mut (
        usize,
        &'static str,
        chrono::Days,
        rusqlite::Rows<'_>,
        Option<Pending>,
    )|
     -> Result<()> {
        while let Some(row) = s.3.next()? {
            let (id, label, event): (i64, String, String) = (row.get(0)?, row.get(1)?, row.get(2)?);
            let Some(event_date) = date_of(&event) else {
                continue;
            };
            s.4 = Some(Pending {
                key: format!("{}:{id}:{}", s.1, rules[s.0].data_category),
                subject: s.1,
                subject_id: id,
                label,
                rule: s.0,
                event_date,
                due_on: event_date + s.2,
            });
            return Ok(());
        }
        s.4 = None;
        Ok(())
    };
    for s in streams.iter_mut() {
        advance(s)?;
    }
    loop {
        let Some(day) = streams
            .iter()
            .filter_map(|s| s.4.as_ref().map(|p| p.due_on))
            .min()
        else {
            return Ok(());
        };
        // Every item due that day, from every stream, in key order.
        let mut bucket = Vec::new();
        for s in streams.iter_mut() {
            while s.4.as_ref().is_some_and(|p| p.due_on == day) {
                bucket.extend(s.4.take());
                advance(s)?;
            }
        }
        bucket.sort_by(|a, b| a.key.cmp(&b.key));
        for p in bucket {
            if !visit(p)? {
                return Ok(());
            }
        }
    }
}

/// Every retention item the register's records give rise to — from revoked
/// authorizations, ended merchant contracts and closed rights requests — soonest
/// due first. Rules triggered by `collected` or `last_contact` concern data the
/// register does not hold, so they produce no items here. Every one of them: for the
/// CLI; screens use [`items_page`].
pub fn items(conn: &Connection, today: NaiveDate) -> Result<Vec<RetentionItem>> {
    let rules = list(conn)?;
    let mut out = Vec::new();
    walk(conn, &rules, None, |p| {
        out.push(p.finish(conn, &rules, today)?);
        Ok(true)
    })?;
    Ok(out)
}

/// One page of [`items`], in the same order, with how many there are in all. The page
/// starts at the day its first item falls due, found from the records counted by day (kept
/// while the register is unchanged), so a deep page reads no more than a first one.
pub fn items_page(
    conn: &Connection,
    today: NaiveDate,
    limit: u32,
    offset: u64,
) -> Result<Page<RetentionItem>> {
    super::check_limit(limit)?;
    let rules = list(conn)?;
    let calendar = CALENDAR.get_or_load(conn, || Calendar::load(conn))?;
    let total = calendar.total(&rules);
    let mut rows = Vec::new();
    let start = (offset < total)
        .then(|| calendar.seek(&rules, offset))
        .flatten();
    if let Some((day, before)) = start {
        let mut skip = offset - before;
        walk(conn, &rules, Some(day), |p| {
            if skip > 0 {
                skip -= 1;
            } else {
                rows.push(p.finish(conn, &rules, today)?);
            }
            Ok(rows.len() < limit as usize)
        })?;
    }
    Ok(Page {
        total,
        offset,
        limit,
        rows,
    })
}

/// The due-for-deletion list: items past their date with nothing recorded yet,
/// longest overdue first.
pub fn due(conn: &Connection, today: NaiveDate) -> Result<Vec<RetentionItem>> {
    let rules = list(conn)?;
    let mut out = Vec::new();
    walk(conn, &rules, None, |p| {
        if p.due_on > today {
            return Ok(false);
        }
        let item = p.finish(conn, &rules, today)?;
        if item.status == "due" {
            out.push(item);
        }
        Ok(true)
    })?;
    Ok(out)
}

/// The items of one record (`subject`, `id`): one per rule its trigger concerns.
fn items_of(
    conn: &Connection,
    subject: &str,
    id: i64,
    today: NaiveDate,
) -> Result<Vec<RetentionItem>> {
    let rules = list(conn)?;
    let mut out = Vec::new();
    for (i, rule) in rules.iter().enumerate() {
        let Some(subjects) = Subjects::of(&rule.trigger).filter(|s| s.subject == subject) else {
            continue;
        };
        let s = subjects.subject;
        let found: Option<(String, String)> = conn
            .query_row(&subjects.one_sql(), [id], |r| Ok((r.get(1)?, r.get(2)?)))
            .optional()?;
        let Some((label, event)) = found else {
            continue;
        };
        let Some(event_date) = date_of(&event) else {
            continue;
        };
        let pending = Pending {
            key: format!("{s}:{id}:{}", rule.data_category),
            subject: s,
            subject_id: id,
            label,
            rule: i,
            event_date,
            due_on: event_date + chrono::Days::new(u64::from(rule.period_days)),
        };
        out.push(pending.finish(conn, &rules, today)?);
    }
    Ok(out)
}

/// One retention item by its key (`SUBJECT:ID:DATA_CATEGORY`), if the register's records
/// give rise to it.
pub fn item(conn: &Connection, key: &str, today: NaiveDate) -> Result<Option<RetentionItem>> {
    let mut parts = key.trim().splitn(3, ':');
    let (Some(subject), Some(Ok(id))) = (parts.next(), parts.next().map(str::parse::<i64>)) else {
        return Ok(None);
    };
    Ok(items_of(conn, subject, id, today)?
        .into_iter()
        .find(|i| i.key == key.trim()))
}

/// Every recorded deletion or anonymisation, newest first.
pub fn actions(conn: &Connection) -> Result<Vec<RetentionAction>> {
    let mut stmt = conn.prepare(
        "SELECT item_key, action, evidence, done_on, recorded_at, recorded_by
         FROM retention_actions ORDER BY recorded_at DESC, id DESC",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(RetentionAction {
            key: r.get(0)?,
            action: r.get(1)?,
            evidence: r.get(2)?,
            done_on: r.get(3)?,
            recorded_at: r.get(4)?,
            recorded_by: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A deletion or anonymisation to record.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct NewAction {
    /// The item's key, as listed.
    pub key: String,
    /// `delete` or `anonymise`.
    pub action: String,
    /// What shows it was done: a ticket, a log line, a confirmation's reference.
    pub evidence: String,
    /// When it was done (YYYY-MM-DD); default today.
    pub done_on: Option<String>,
}

/// Records that an item's data was deleted or anonymised, with evidence; the item
/// then leaves the due list. Refuses an unknown key or an item already recorded.
pub fn record(change: &mut Change<'_>, a: &NewAction, today: NaiveDate) -> Result<RetentionItem> {
    let key = a.key.trim();
    let found = item(change.tx(), key, today)?;
    let Some(item) = found.as_ref() else {
        // A key that stops short (`authorization:12`) names that record's items.
        let mut parts = key.splitn(3, ':');
        let close: Vec<String> = match (parts.next(), parts.next().map(str::parse::<i64>)) {
            (Some(subject), Some(Ok(id))) => items_of(change.tx(), subject, id, today)?
                .into_iter()
                .filter(|i| i.status != "done" && i.key.starts_with(key))
                .map(|i| i.key)
                .collect(),
            _ => Vec::new(),
        };
        return Err(Error::Invalid(if close.is_empty() {
            format!("'{key}' is not a retention item; `workbench retention due` lists them (keys like authorization:12:authorized_platform_data)")
        } else {
            format!(
                "'{key}' names more than one item; give one of {}",
                close.join(", ")
            )
        }));
    };
    if let Some(done) = &item.done {
        return Err(Error::Invalid(format!(
            "{key} was already recorded as {} on {} by {}",
            done.action, done.done_on, done.recorded_by
        )));
    }
    let mut c = fields::Checker::default();
    let action = c.take(fields::one_of("action", &a.action, ACTIONS, None));
    let evidence = c.take(fields::opt_notes("evidence", &a.evidence, 4000));
    let done_on = match a
        .done_on
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        None => Some(today),
        Some(d) => {
            c.take(fields::date("done_on", d).and_then(|d| fields::not_future("done_on", d, today)))
        }
    };
    let (action, evidence, done_on) = c
        .finish((action, evidence.flatten(), done_on))
        .map_err(|e| fields::into_error(key, &e))?;
    let Some(evidence) = evidence else {
        return Err(Error::Invalid(format!(
            "{key}: evidence: say what shows the data was {}d (a ticket, a log line, a confirmation)",
            item.action.trim_end_matches('e')
        )));
    };
    let (action, done_on) = (action.unwrap_or_default(), done_on.unwrap_or(today));
    if fields::iso(done_on) < item.event_date {
        return Err(Error::Invalid(format!(
            "{key}: done_on: {done_on} is before the {} on {}",
            item.trigger.replace('_', " "),
            item.event_date
        )));
    }
    change.tx().execute(
        "INSERT INTO retention_actions (item_key, data_category, subject, subject_id, action,
             evidence, done_on, recorded_at, recorded_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            key,
            item.data_category,
            item.subject,
            item.subject_id,
            action,
            evidence,
            fields::iso(done_on),
            crate::time::now(),
            change.actor().to_string()
        ],
    )?;
    change.record(
        "record",
        "retention_item",
        Some(key),
        &json!({ "data_category": item.data_category, "subject": item.subject,
                 "subject_id": item.subject_id, "action": action, "rule_action": item.action,
                 "evidence": evidence, "done_on": fields::iso(done_on), "due_on": item.due_on }),
    )?;
    self::item(change.tx(), key, today)?.ok_or_else(|| Error::NotFound {
        what: "retention item",
        id: key.to_string(),
    })
}

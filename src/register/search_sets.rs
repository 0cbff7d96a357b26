//! What a broad search needs in memory to page fast at a million requests: the requests a
//! full-text query finds (a [`MatchSet`]), and every request's status and type
//! ([`Facets`]). With both, a search that finds 100,000 requests and is filtered by status
//! is counted by one pass over the matches in memory instead of reading a request per
//! match, and a page sorted by an index tests each request it walks with [`MatchSet::contains`]
//! (the SQL function `search_hit`) instead of asking the full-text index.
//!
//! Both are kept between calls for registers opened from a file, while the register is
//! unchanged: a set while the search index's structure record, the audit chain's head and
//! the highest request id are what they were; the facets while the last two are. Every
//! change through the library appends an audit entry and every change to the index rewrites
//! its structure record, so a kept value is never stale. In-memory registers (the tests)
//! build both afresh on every call.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use rusqlite::{params, Connection, OptionalExtension};

use super::requests::{STATUSES, TYPES};
use crate::error::Result;

/// The requests a full-text query finds: their ids in order, and a bitmap to test one.
#[derive(Debug)]
pub struct MatchSet {
    ids: Vec<i64>,
    bits: Vec<u64>,
}

impl MatchSet {
    /// A set of request ids (positive, as SQLite gives them; others are left out).
    pub fn new(mut ids: Vec<i64>) -> MatchSet {
        ids.retain(|&id| id > 0);
        ids.sort_unstable();
        ids.dedup();
        let top = ids.last().map_or(0, |&id| id as usize);
        let mut bits = vec![0u64; top / 64 + 1];
        for &id in &ids {
            bits[id as usize / 64] |= 1 << (id % 64);
        }
        MatchSet { ids, bits }
    }

    /// The ids, ascending.
    pub fn ids(&self) -> &[i64] {
        &self.ids
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    pub fn contains(&self, id: i64) -> bool {
        id > 0
            && self
                .bits
                .get(id as usize / 64)
                .is_some_and(|word| word >> (id % 64) & 1 == 1)
    }

    fn bytes(&self) -> usize {
        self.ids.len() * 8 + self.bits.len() * 8
    }
}

/// Every request's status and type, by id, as positions in [`STATUSES`] and [`TYPES`].
#[derive(Debug)]
pub struct Facets {
    status: Vec<u8>,
    kind: Vec<u8>,
}

/// No request has this id (or its status or type is not one the register knows).
const NONE: u8 = u8::MAX;

impl Facets {
    fn load(conn: &Connection) -> Result<Facets> {
        let top: i64 = conn
            .prepare_cached("SELECT coalesce(max(id), 0) FROM rights_requests")?
            .query_row([], |r| r.get(0))?;
        let size = usize::try_from(top.max(0)).unwrap_or_default() + 1;
        let mut facets = Facets {
            status: vec![NONE; size],
            kind: vec![NONE; size],
        };
        // The (type, status, merchant) index holds both and the id: no row is read.
        let mut stmt = conn.prepare_cached(
            "SELECT id, status, type FROM rights_requests INDEXED BY rights_requests_by_type_status",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let id: i64 = row.get(0)?;
            let Some(at) = usize::try_from(id).ok().filter(|&at| at < size) else {
                continue;
            };
            let status = row.get_ref(1)?.as_str().unwrap_or_default();
            let kind = row.get_ref(2)?.as_str().unwrap_or_default();
            facets.status[at] = code(STATUSES, status);
            facets.kind[at] = code(TYPES, kind);
        }
        Ok(facets)
    }

    /// True when request `id` has `status` and `kind` (each when given).
    pub fn passes(&self, id: i64, status: Option<u8>, kind: Option<u8>) -> bool {
        let Some(at) = usize::try_from(id).ok() else {
            return false;
        };
        status.is_none_or(|s| self.status.get(at) == Some(&s))
            && kind.is_none_or(|k| self.kind.get(at) == Some(&k))
    }
}

/// A status filter and a type filter (each optional), tested on the facets.
pub struct FacetFilter {
    /// `None` when neither filter is set: then every request passes, and no facet is read.
    facets: Option<Arc<Facets>>,
    status: Option<u8>,
    kind: Option<u8>,
}

impl FacetFilter {
    /// The filter for `status` and `kind` as stored; reads the facets only when one is set.
    pub fn new(conn: &Connection, status: Option<&str>, kind: Option<&str>) -> Result<FacetFilter> {
        let facets = match (status, kind) {
            (None, None) => None,
            _ => Some(facets(conn)?),
        };
        Ok(FacetFilter {
            facets,
            status: status.map(|s| code(STATUSES, s)),
            kind: kind.map(|k| code(TYPES, k)),
        })
    }

    /// True when no filter is set.
    pub fn is_empty(&self) -> bool {
        self.facets.is_none()
    }

    pub fn passes(&self, id: i64) -> bool {
        self.facets
            .as_ref()
            .is_none_or(|f| f.passes(id, self.status, self.kind))
    }
}

/// A status's or type's position in its list; [`NONE`] when it is not in it.
fn code(list: &[&str], value: &str) -> u8 {
    list.iter()
        .position(|v| *v == value)
        .and_then(|p| u8::try_from(p).ok())
        .unwrap_or(NONE)
}

/// At most this many match sets are kept (an officer's searches of a session), and at most
/// this many bytes of them.
const KEPT_SETS: usize = 32;
const KEPT_BYTES: usize = 16 * 1024 * 1024;

struct Kept<T> {
    path: String,
    key: String,
    version: Vec<u8>,
    value: Arc<T>,
}

static SETS: Mutex<VecDeque<Kept<MatchSet>>> = Mutex::new(VecDeque::new());

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic elsewhere cannot leave a kept value half-made: each is swapped in whole.
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The register's file, when it has one (kept values are per file).
fn file_of(conn: &Connection) -> Option<String> {
    conn.path().filter(|p| !p.is_empty()).map(str::to_string)
}

/// What the register's requests and audit chain are now: the highest request id and the
/// audit head's hash.
fn register_version(conn: &Connection) -> Result<Vec<u8>> {
    let (top, head): (Option<i64>, Option<String>) = conn
        .prepare_cached(
            "SELECT (SELECT max(id) FROM rights_requests),
                    (SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1)",
        )?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let mut version = top.unwrap_or_default().to_le_bytes().to_vec();
    version.extend(head.unwrap_or_default().into_bytes());
    Ok(version)
}

/// What the search index is now: its structure record (every write to it rewrites it),
/// with the register's version.
fn index_version(conn: &Connection) -> Result<Vec<u8>> {
    let structure: Option<Vec<u8>> = conn
        .prepare_cached("SELECT block FROM request_search_data WHERE id = 10")?
        .query_row([], |r| r.get(0))
        .optional()?;
    let mut version = structure.unwrap_or_default();
    version.extend(register_version(conn)?);
    Ok(version)
}

/// What looking for kept matches found.
pub enum Lookup {
    /// The matches kept from an earlier call, the register and its index as they were then.
    Found(Arc<MatchSet>),
    /// None: the register and its index as they are before the search runs, to keep its
    /// matches under (read first, so that a change committed meanwhile makes the next call
    /// search again rather than keep matches older than their version).
    Missing(IndexVersion),
}

/// A register file and its index's version; nothing for a register without a file.
pub struct IndexVersion(Option<(String, Vec<u8>)>);

/// The matches of `fts` (and request `id`) kept from an earlier call, when the register
/// and its index are as they were then.
pub fn kept(conn: &Connection, fts: &str, id: Option<i64>) -> Result<Lookup> {
    let Some(path) = file_of(conn) else {
        return Ok(Lookup::Missing(IndexVersion(None)));
    };
    let key = set_key(fts, id);
    let version = index_version(conn)?;
    let found = lock(&SETS)
        .iter()
        .find(|k| k.path == path && k.key == key && k.version == version)
        .map(|k| k.value.clone());
    Ok(match found {
        Some(set) => Lookup::Found(set),
        None => Lookup::Missing(IndexVersion(Some((path, version)))),
    })
}

fn set_key(fts: &str, id: Option<i64>) -> String {
    format!("{}\u{0}{fts}", id.unwrap_or_default())
}

/// The requests the full-text query `fts` finds, with request `id` too when one was
/// searched for by number and exists; listed from the index and kept for the next call
/// under `at`, what [`kept`] found before.
pub fn matches(
    conn: &Connection,
    fts: &str,
    id: Option<i64>,
    at: IndexVersion,
) -> Result<Arc<MatchSet>> {
    let ids: Vec<i64> = conn
        .prepare_cached("SELECT rowid FROM request_search WHERE request_search MATCH ?1")?
        .query_map([fts], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    keep(conn, fts, id, ids, at)
}

/// Keeps `ids`, all the requests `fts` finds, for the next call (with request `id` too
/// when one was searched for by number and exists), under `at`, what [`kept`] found before
/// the search ran.
pub fn keep(
    conn: &Connection,
    fts: &str,
    id: Option<i64>,
    mut ids: Vec<i64>,
    at: IndexVersion,
) -> Result<Arc<MatchSet>> {
    if let Some(id) = id {
        let exists: bool = conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM rights_requests WHERE id = ?1)")?
            .query_row(params![id], |r| r.get(0))?;
        if exists {
            ids.push(id);
        }
    }
    let set = Arc::new(MatchSet::new(ids));
    let IndexVersion(Some((path, version))) = at else {
        return Ok(set);
    };
    let key = set_key(fts, id);
    let mut kept = lock(&SETS);
    kept.retain(|k| !(k.path == path && k.key == key));
    kept.push_front(Kept {
        path,
        key,
        version,
        value: set.clone(),
    });
    while kept.len() > KEPT_SETS
        || (kept.len() > 1 && kept.iter().map(|k| k.value.bytes()).sum::<usize>() > KEPT_BYTES)
    {
        kept.pop_back();
    }
    Ok(set)
}

/// A value worked out from the whole register, kept for the next call while the register
/// is as it was (its highest request id and audit head): every write through the library
/// moves the audit head. Registers without a file never keep one.
pub(crate) struct KeptSlot<T>(Mutex<Option<Kept<T>>>);

impl<T> KeptSlot<T> {
    pub(crate) const fn new() -> KeptSlot<T> {
        KeptSlot(Mutex::new(None))
    }

    /// The kept value, or `load`'s, kept for the next call.
    pub(crate) fn get_or_load(
        &self,
        conn: &Connection,
        load: impl FnOnce() -> Result<T>,
    ) -> Result<Arc<T>> {
        let Some(path) = file_of(conn) else {
            return Ok(Arc::new(load()?));
        };
        // Read before the value: a change in between makes the next call load again.
        let version = register_version(conn)?;
        {
            let kept = lock(&self.0);
            if let Some(k) = kept
                .as_ref()
                .filter(|k| k.path == path && k.version == version)
            {
                return Ok(k.value.clone());
            }
        }
        let value = Arc::new(load()?);
        *lock(&self.0) = Some(Kept {
            path,
            key: String::new(),
            version,
            value: value.clone(),
        });
        Ok(value)
    }
}

static FACETS: KeptSlot<Facets> = KeptSlot::new();

/// Every request's status and type.
pub fn facets(conn: &Connection) -> Result<Arc<Facets>> {
    FACETS.get_or_load(conn, || Facets::load(conn))
}

/// Match sets a running query reads through `search_hit(token, id)`, by token.
static LIVE: Mutex<Option<HashMap<i64, Arc<MatchSet>>>> = Mutex::new(None);
static NEXT_TOKEN: AtomicI64 = AtomicI64::new(1);

/// A match set made readable to SQL as `search_hit(token, id)` for as long as this lives.
pub struct Live {
    pub token: i64,
}

impl Drop for Live {
    fn drop(&mut self) {
        if let Some(live) = lock(&LIVE).as_mut() {
            live.remove(&self.token);
        }
    }
}

/// Makes `set` readable to SQL until the returned guard is dropped.
pub fn live(set: Arc<MatchSet>) -> Live {
    let token = NEXT_TOKEN.fetch_add(1, Ordering::Relaxed);
    lock(&LIVE)
        .get_or_insert_with(HashMap::new)
        .insert(token, set);
    Live { token }
}

/// The set a token names, while its guard lives.
pub(crate) fn by_token(token: i64) -> Option<Arc<MatchSet>> {
    lock(&LIVE).as_ref()?.get(&token).cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_answers_membership_as_its_list_says() {
        let set = MatchSet::new(vec![5, 64, 3, 5, 1_000_000, -2, 0, 63]);
        assert_eq!(set.ids(), &[3, 5, 63, 64, 1_000_000]);
        for id in [3, 5, 63, 64, 1_000_000] {
            assert!(set.contains(id), "{id}");
        }
        for id in [-2, 0, 1, 4, 62, 65, 999_999, 1_000_001, i64::MAX] {
            assert!(!set.contains(id), "{id}");
        }
        assert!(MatchSet::new(vec![]).is_empty());
        assert!(!MatchSet::new(vec![]).contains(0));
    }

    #[test]
    fn a_live_set_is_readable_by_token_until_dropped() {
        let guard = live(Arc::new(MatchSet::new(vec![7])));
        assert!(by_token(guard.token).is_some_and(|s| s.contains(7)));
        let token = guard.token;
        drop(guard);
        assert!(by_token(token).is_none());
    }
}

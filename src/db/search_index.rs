//! Keeps the requests' full-text index (`request_search`, FTS5) in step with their text.
//!
//! Triggers note each request whose subject, requester, body or replies change in
//! `request_search_queue` (schema 6); [`flush`] writes the noted requests' entries in one
//! statement. The write path calls it just before every commit, and opening a register calls
//! it once after the migrations, so the index always matches what was committed.
//!
//! One statement per write, rather than one per row, is what keeps an import fast: FTS5
//! writes its gathered words out as a new segment at every statement savepoint, so
//! row-by-row indexing made a segment per request and then spent its time merging them.

use rusqlite::Connection;

use crate::error::Result;

/// True when requests wait in the queue to be indexed.
pub fn pending(conn: &Connection) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM request_search_queue)")?
        .query_row([], |r| r.get(0))?)
}

/// Indexes every request noted in the queue, replacing the entries of those indexed
/// before, and empties the queue. Does nothing (one lookup) when the queue is empty.
///
/// An entry has three columns: the subject; the requester (name, address, the From
/// header); the messages (the original's body, and each reply's subject and body). Each
/// text passes through `search_text`, which sets CJK characters apart so that each is a
/// token of its own ([`super::functions::search_text`]).
pub fn flush(conn: &Connection) -> Result<usize> {
    if !pending(conn)? {
        return Ok(0);
    }
    conn.prepare_cached(
        "DELETE FROM request_search
         WHERE rowid IN (SELECT request_id FROM request_search_queue WHERE indexed = 1)",
    )?
    .execute([])?;
    let written = conn
        .prepare_cached(
            "INSERT INTO request_search (rowid, subject, requester, messages)
             SELECT r.id,
                 search_text(r.subject),
                 search_text(concat_ws(' ', r.requester_name, r.requester_email, r.sender)),
                 search_text(concat_ws(' ', r.body,
                     (SELECT group_concat(concat_ws(' ', m.subject, m.body), ' ')
                      FROM request_messages m
                      WHERE m.request_id = r.id AND m.role = 'reply')))
             FROM rights_requests r
             WHERE r.id IN (SELECT request_id FROM request_search_queue)",
        )?
        .execute([])?;
    conn.prepare_cached("DELETE FROM request_search_queue")?
        .execute([])?;
    Ok(written)
}

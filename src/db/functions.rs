//! The SQL functions the schema itself calls, registered on every connection the library
//! opens to a register. A connection without them (the `sqlite3` shell, say) can read the
//! register but cannot change the requests: their search-index triggers call
//! `search_text`, so such a write fails whole instead of leaving the index behind.

use rusqlite::functions::FunctionFlags;
use rusqlite::types::ValueRef;
use rusqlite::Connection;

use std::sync::Arc;

use crate::register::requests::is_cjk;
use crate::register::search_sets::{self, MatchSet};

/// Registers the schema's functions on `conn`, and `search_hit(token, id)`: whether
/// request `id` is in the live match set `token` ([`crate::register::search_sets::live`]),
/// which the requests' pages test as they walk an index.
pub fn register(conn: &Connection) -> rusqlite::Result<()> {
    conn.create_scalar_function("search_hit", 2, FunctionFlags::SQLITE_UTF8, |ctx| {
        // The set is looked up once per statement: SQLite keeps it with the constant token.
        let set = match ctx.get_aux::<Arc<MatchSet>>(0)? {
            Some(set) => set,
            None => {
                let token: i64 = ctx.get(0)?;
                let set = search_sets::by_token(token).ok_or_else(|| {
                    rusqlite::Error::UserFunctionError("the search's matches are gone".into())
                })?;
                ctx.set_aux(0, set)?
            }
        };
        Ok(set.contains(ctx.get::<i64>(1)?))
    })?;
    conn.create_scalar_function(
        "search_text",
        1,
        FunctionFlags::SQLITE_UTF8
            | FunctionFlags::SQLITE_DETERMINISTIC
            | FunctionFlags::SQLITE_INNOCUOUS,
        |ctx| {
            Ok(match ctx.get_raw(0) {
                ValueRef::Null => None,
                ValueRef::Text(bytes) => Some(search_text(&String::from_utf8_lossy(bytes))),
                ValueRef::Integer(i) => Some(i.to_string()),
                ValueRef::Real(f) => Some(f.to_string()),
                ValueRef::Blob(_) => None,
            })
        },
    )
}

/// A text as the search index holds it: every CJK character set apart by spaces, so that
/// FTS5's unicode61 tokenizer makes each a token of its own (it would otherwise keep a run
/// of Han characters as one word, and a word inside the run could not be found). The search
/// sets apart the words searched for the same way ([`crate::register::requests::fts_query`]).
pub fn search_text(text: &str) -> String {
    let cjk = text.chars().filter(|&c| is_cjk(c)).count();
    let mut out = String::with_capacity(text.len() + 2 * cjk);
    for c in text.chars() {
        if is_cjk(c) {
            out.push(' ');
            out.push(c);
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_characters_are_set_apart_and_other_text_is_kept() {
        assert_eq!(
            search_text("刪除個人資料 please"),
            " 刪  除  個  人  資  料  please"
        );
        assert_eq!(search_text("delete my data"), "delete my data");
        assert_eq!(search_text("陳大文 (Chan)"), " 陳  大  文  (Chan)");
        assert_eq!(search_text("한국 𠀀"), " 한  국   𠀀 ");
        assert_eq!(search_text(""), "");
    }

    #[test]
    fn the_function_is_callable_from_sql() {
        let conn = Connection::open_in_memory().unwrap();
        register(&conn).unwrap();
        let (a, b, c): (Option<String>, Option<String>, Option<String>) = conn
            .query_row(
                "SELECT search_text('私隱 policy'), search_text(NULL), search_text(42)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!(a.as_deref(), Some(" 私  隱  policy"));
        assert_eq!(b, None);
        assert_eq!(c.as_deref(), Some("42"));
    }
}

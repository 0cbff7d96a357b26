-- Schema 6: the search index is brought up to date once per write, not once per row.
--
-- Schema 4 kept `request_search` in step row by row from triggers, and split every CJK
-- character into a token of its own with SQL in the view those triggers read (a correlated
-- query over a table of positions, one substr() per character). Two costs made an import of
-- a mailbox slower than Python merely parsing it:
--
-- * FTS5 writes what it has gathered in memory out to disk as a new segment whenever a
--   statement opens a savepoint in the transaction, which every insert of a request or a
--   message does (its triggers and constraints make it one). One tiny segment per request,
--   and then the work of merging them, was most of an import's time.
-- * The SQL splitting cost about a third of a millisecond per Chinese request.
--
-- Now the triggers only note which requests' text changed, in `request_search_queue`; the
-- single write path (`Register::write`, src/db/search_index.rs) indexes the noted requests
-- in one statement just before it commits, so an import of 100,000 messages writes a few
-- large segments. The CJK splitting is the Rust function `search_text` (src/db/functions.rs),
-- registered on every connection the library opens; it has no length limit.
--
-- A connection without that function (the `sqlite3` shell, say) can still change requests:
-- its changes wait in the queue and are indexed by the next write through the library.

DROP TRIGGER request_search_after_insert;
DROP TRIGGER request_search_after_update;
DROP TRIGGER request_search_after_delete;
DROP TRIGGER request_search_after_message_insert;
DROP TRIGGER request_search_after_message_update;
DROP TRIGGER request_search_after_message_delete;

-- Requests whose search entry is to be written: `indexed` is 1 when the index already holds
-- an entry for the request (to be replaced), 0 for a request new since the last write.
CREATE TABLE request_search_queue (
    request_id INTEGER PRIMARY KEY,
    indexed INTEGER NOT NULL CHECK (indexed IN (0, 1))
) STRICT;

-- Texts longer than 4,000 characters were indexed unsplit past that point: queue their
-- requests, to be indexed again whole by the first write.
INSERT INTO request_search_queue (request_id, indexed)
SELECT DISTINCT request_id, 1 FROM request_search_pieces WHERE length(text) > 4000;

CREATE TRIGGER request_search_after_insert AFTER INSERT ON rights_requests
BEGIN
    INSERT INTO request_search_queue (request_id, indexed) VALUES (NEW.id, 0)
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER request_search_after_update
AFTER UPDATE OF subject, requester_name, requester_email, sender, body ON rights_requests
BEGIN
    INSERT INTO request_search_queue (request_id, indexed) VALUES (NEW.id, 1)
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER request_search_after_delete AFTER DELETE ON rights_requests
BEGIN
    DELETE FROM request_search WHERE rowid = OLD.id
        AND NOT EXISTS (SELECT 1 FROM request_search_queue WHERE request_id = OLD.id AND indexed = 0);
    DELETE FROM request_search_queue WHERE request_id = OLD.id;
END;

-- A reply joins its request's messages; the original is the request's own body already.
CREATE TRIGGER request_search_after_message_insert AFTER INSERT ON request_messages
WHEN NEW.role = 'reply'
BEGIN
    INSERT INTO request_search_queue (request_id, indexed) VALUES (NEW.request_id, 1)
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER request_search_after_message_update
AFTER UPDATE OF request_id, role, subject, body ON request_messages
BEGIN
    INSERT INTO request_search_queue (request_id, indexed) VALUES (OLD.request_id, 1)
    ON CONFLICT DO NOTHING;
    INSERT INTO request_search_queue (request_id, indexed) VALUES (NEW.request_id, 1)
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER request_search_after_message_delete AFTER DELETE ON request_messages
WHEN OLD.role = 'reply'
BEGIN
    INSERT INTO request_search_queue (request_id, indexed) VALUES (OLD.request_id, 1)
    ON CONFLICT DO NOTHING;
END;

-- The views the schema-4 triggers read, and the positions the SQL splitting counted with:
-- the index's texts are now gathered in one place, `db::search_index::flush`.
DROP VIEW request_search_text;
DROP VIEW request_search_pieces;
DROP TABLE search_positions;

-- An imported message's sender is looked up among the merchants' contact addresses; without
-- this index each message read every merchant.
CREATE INDEX merchants_by_contact_email ON merchants(contact_email COLLATE NOCASE);

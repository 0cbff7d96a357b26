-- Schema 4: fast with a decade of records (a million rights requests with their threads,
-- 50,000 merchants, 200,000 authorizations). Indexes for every page, filter, sort and check
-- the desktop and `workbench check` ask for, and a full-text index over the requests.

-- The requests inbox. Each sort it offers has an index in the sort's order; the rowid (the
-- request's id) ends every index, so it breaks ties in the same order and a page of 50 reads
-- 50 rows. Undated requests sort last: `(due_date IS NULL)` is 0 for dated ones.
CREATE INDEX rights_requests_by_due_order ON rights_requests((due_date IS NULL), due_date);
CREATE INDEX rights_requests_by_status_order ON rights_requests(status, (due_date IS NULL), due_date);
CREATE INDEX rights_requests_by_type_order ON rights_requests(type, (due_date IS NULL), due_date);
CREATE INDEX rights_requests_by_received ON rights_requests(received_at);
CREATE INDEX rights_requests_by_merchant ON rights_requests(merchant_id);
-- A type in a status, with the merchant: completed deletions and withdrawals (the checks).
CREATE INDEX rights_requests_by_type_status ON rights_requests(type, status, merchant_id);
-- Open requests only (a small part of a decade): the dashboard's counts, the overdue and
-- due-soon filters, and the deadline checks read this index alone. Queries repeat its WHERE
-- word for word so that SQLite uses it.
CREATE INDEX rights_requests_open ON rights_requests(due_date, paused_since, type)
    WHERE status NOT IN ('completed', 'refused', 'withdrawn');
-- Closed requests by the instant they closed: retention periods that run from the closing.
CREATE INDEX rights_requests_closed ON rights_requests(closed_at)
    WHERE status IN ('completed', 'refused', 'withdrawn') AND closed_at IS NOT NULL;
CREATE INDEX request_evidence_by_request ON request_evidence(request_id);

-- Authorizations, newest grant first, alone or by merchant, platform or activity.
DROP INDEX authorizations_by_merchant;
CREATE INDEX authorizations_by_merchant_grant ON authorizations(merchant_id, granted_at);
CREATE INDEX authorizations_by_grant ON authorizations(granted_at);
CREATE INDEX authorizations_active_by_grant ON authorizations(granted_at) WHERE revoked_at IS NULL;
-- A merchant's active authorizations, counted on every merchant row and by the checks.
CREATE INDEX authorizations_active_by_merchant ON authorizations(merchant_id) WHERE revoked_at IS NULL;
CREATE INDEX authorizations_by_platform_grant ON authorizations(platform, granted_at);
CREATE INDEX authorizations_revoked ON authorizations(revoked_at) WHERE revoked_at IS NOT NULL;
-- Granted scopes by catalog entry: restricted and uncatalogued (NULL) scopes in use.
CREATE INDEX authorization_scopes_by_scope ON authorization_scopes(scope_id);

-- Merchants by name (the list's order) and ended contracts (retention).
CREATE INDEX merchants_by_name ON merchants(name);
CREATE INDEX merchants_ended ON merchants(contract_end)
    WHERE status = 'ended' AND contract_end IS NOT NULL;

-- Full-text search over the requests: subject, requester (name, email, the From header) and
-- message text (the original's body, and replies' subjects and bodies).
--
-- FTS5's unicode61 tokenizer splits words at spaces and punctuation, which Chinese, Japanese
-- and Korean text does not have: a run of Han characters would be one token and a word inside
-- it could not be found. So every CJK character is indexed as a token of its own (spaces are
-- put around it before indexing), and the search puts the same spaces into the words searched
-- for: "個人資料" becomes the phrase "個 人 資 料", which matches exactly where those four
-- characters stand together. One- and two-character words (陳, 刪除) work too, which a
-- trigram index would not find. The splitting is done here in SQL, so every connection that
-- writes, whatever its origin, keeps the index right; it covers the first 4,000 characters of
-- each text that holds CJK characters (the rest is indexed as it is). CJK here: U+2E80–U+9FFF
-- (radicals, kana, CJK punctuation, unified ideographs), U+AC00–U+D7AF (Hangul), U+F900–U+FAFF
-- (compatibility ideographs) and U+20000–U+3FFFD (the supplementary ideographs, HKSCS among them).
--
-- The index keeps no copy of the text (content = ''); contentless_delete lets a request's
-- entry be replaced when its text changes. Triggers keep it in step with the tables.

CREATE TABLE search_positions (n INTEGER PRIMARY KEY) STRICT;
WITH RECURSIVE p(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM p WHERE n < 4000)
INSERT INTO search_positions (n) SELECT n FROM p;

-- Every text a request is searched by: col 0 subject, 1 requester, 2 messages.
CREATE VIEW request_search_pieces AS
    SELECT id AS request_id, 0 AS col, subject AS text FROM rights_requests
    UNION ALL SELECT id, 1, requester_name FROM rights_requests
    UNION ALL SELECT id, 1, requester_email FROM rights_requests
    UNION ALL SELECT id, 1, sender FROM rights_requests
    UNION ALL SELECT id, 2, body FROM rights_requests
    UNION ALL SELECT request_id, 2, subject FROM request_messages WHERE role = 'reply'
    UNION ALL SELECT request_id, 2, body FROM request_messages WHERE role = 'reply';

-- The same texts as they are indexed: CJK characters set apart by spaces.
CREATE VIEW request_search_text AS
    SELECT request_id, col,
        CASE WHEN text GLOB ('*[' || char(0x2E80) || '-' || char(0x9FFF) || char(0xAC00) || '-' || char(0xD7AF)
                  || char(0xF900) || '-' || char(0xFAFF) || char(0x20000) || '-' || char(0x3FFFD) || ']*') THEN
            (SELECT group_concat(
                        CASE WHEN substr(text, n, 1) GLOB ('[' || char(0x2E80) || '-' || char(0x9FFF) || char(0xAC00) || '-' || char(0xD7AF)
                                  || char(0xF900) || '-' || char(0xFAFF) || char(0x20000) || '-' || char(0x3FFFD) || ']')
                             THEN ' ' || substr(text, n, 1) || ' '
                             ELSE substr(text, n, 1) END,
                        '' ORDER BY n)
             FROM search_positions WHERE n <= length(text))
            || substr(text, 4001)
        ELSE text END AS text
    FROM request_search_pieces
    WHERE text IS NOT NULL AND text <> '';

CREATE VIRTUAL TABLE request_search USING fts5(
    subject, requester, messages,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- The requests already in the register, in one pass over their texts. (Each trigger below
-- names its request by NEW.id or OLD.request_id, a constant SQLite pushes into every arm of
-- the views; a correlated `r.id` would make it read every text for every request.)
-- The words in the index: a search spells out the word being typed ("delet") as the words
-- that start with it, which are cheaper to test one request at a time than a prefix.
CREATE VIRTUAL TABLE request_search_terms USING fts5vocab(request_search, 'row');

INSERT INTO request_search (rowid, subject, requester, messages)
SELECT request_id,
    group_concat(text, ' ') FILTER (WHERE col = 0),
    group_concat(text, ' ') FILTER (WHERE col = 1),
    group_concat(text, ' ') FILTER (WHERE col = 2)
FROM request_search_text GROUP BY request_id;

CREATE TRIGGER request_search_after_insert AFTER INSERT ON rights_requests
BEGIN
    INSERT INTO request_search (rowid, subject, requester, messages)
    SELECT NEW.id,
        (SELECT group_concat(t.text, ' ') FROM request_search_text t WHERE t.request_id = NEW.id AND t.col = 0),
        (SELECT group_concat(t.text, ' ') FROM request_search_text t WHERE t.request_id = NEW.id AND t.col = 1),
        (SELECT group_concat(t.text, ' ') FROM request_search_text t WHERE t.request_id = NEW.id AND t.col = 2);
END;

CREATE TRIGGER request_search_after_update
AFTER UPDATE OF subject, requester_name, requester_email, sender, body ON rights_requests
BEGIN
    DELETE FROM request_search WHERE rowid = OLD.id;
    INSERT INTO request_search (rowid, subject, requester, messages)
    SELECT NEW.id,
        (SELECT group_concat(t.text, ' ') FROM request_search_text t WHERE t.request_id = NEW.id AND t.col = 0),
        (SELECT group_concat(t.text, ' ') FROM request_search_text t WHERE t.request_id = NEW.id AND t.col = 1),
        (SELECT group_concat(t.text, ' ') FROM request_search_text t WHERE t.request_id = NEW.id AND t.col = 2);
END;

CREATE TRIGGER request_search_after_delete AFTER DELETE ON rights_requests
BEGIN
    DELETE FROM request_search WHERE rowid = OLD.id;
END;

-- A reply joins its request's messages; the original is the request's own body already.
CREATE TRIGGER request_search_after_message_insert AFTER INSERT ON request_messages
WHEN NEW.role = 'reply'
BEGIN
    DELETE FROM request_search WHERE rowid = NEW.request_id;
    INSERT INTO request_search (rowid, subject, requester, messages)
    SELECT NEW.request_id,
        (SELECT group_concat(t.text, ' ') FROM request_search_text t WHERE t.request_id = NEW.request_id AND t.col = 0),
        (SELECT group_concat(t.text, ' ') FROM request_search_text t WHERE t.request_id = NEW.request_id AND t.col = 1),
        (SELECT group_concat(t.text, ' ') FROM request_search_text t WHERE t.request_id = NEW.request_id AND t.col = 2)
    WHERE EXISTS (SELECT 1 FROM rights_requests WHERE id = NEW.request_id);
END;

CREATE TRIGGER request_search_after_message_update
AFTER UPDATE OF request_id, role, subject, body ON request_messages
BEGIN
    DELETE FROM request_search WHERE rowid IN (OLD.request_id, NEW.request_id);
    INSERT INTO request_search (rowid, subject, requester, messages)
    SELECT OLD.request_id,
        (SELECT group_concat(t.text, ' ') FROM request_search_text t WHERE t.request_id = OLD.request_id AND t.col = 0),
        (SELECT group_concat(t.text, ' ') FROM request_search_text t WHERE t.request_id = OLD.request_id AND t.col = 1),
        (SELECT group_concat(t.text, ' ') FROM request_search_text t WHERE t.request_id = OLD.request_id AND t.col = 2)
    WHERE EXISTS (SELECT 1 FROM rights_requests WHERE id = OLD.request_id);
    INSERT INTO request_search (rowid, subject, requester, messages)
    SELECT NEW.request_id,
        (SELECT group_concat(t.text, ' ') FROM request_search_text t WHERE t.request_id = NEW.request_id AND t.col = 0),
        (SELECT group_concat(t.text, ' ') FROM request_search_text t WHERE t.request_id = NEW.request_id AND t.col = 1),
        (SELECT group_concat(t.text, ' ') FROM request_search_text t WHERE t.request_id = NEW.request_id AND t.col = 2)
    WHERE NEW.request_id IS NOT OLD.request_id
      AND EXISTS (SELECT 1 FROM rights_requests WHERE id = NEW.request_id);
END;

CREATE TRIGGER request_search_after_message_delete AFTER DELETE ON request_messages
WHEN OLD.role = 'reply'
BEGIN
    DELETE FROM request_search WHERE rowid = OLD.request_id;
    INSERT INTO request_search (rowid, subject, requester, messages)
    SELECT OLD.request_id,
        (SELECT group_concat(t.text, ' ') FROM request_search_text t WHERE t.request_id = OLD.request_id AND t.col = 0),
        (SELECT group_concat(t.text, ' ') FROM request_search_text t WHERE t.request_id = OLD.request_id AND t.col = 1),
        (SELECT group_concat(t.text, ' ') FROM request_search_text t WHERE t.request_id = OLD.request_id AND t.col = 2)
    WHERE EXISTS (SELECT 1 FROM rights_requests WHERE id = OLD.request_id);
END;

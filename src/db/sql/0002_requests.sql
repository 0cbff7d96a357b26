-- Schema 2: rights requests' deadlines, clock, thread and the PDPO refusal log book.

-- The date of receipt at the office (Hong Kong, UTC+8): every deadline counts from it.
ALTER TABLE rights_requests ADD COLUMN received_on TEXT;
UPDATE rights_requests SET received_on = date(received_at, '+8 hours') WHERE received_on IS NULL;
-- The From header as written, the file it came from, its attachments (JSON array of
-- {name, content_type, size}; listed, never opened).
ALTER TABLE rights_requests ADD COLUMN sender TEXT;
ALTER TABLE rights_requests ADD COLUMN source_file TEXT;
ALTER TABLE rights_requests ADD COLUMN attachments TEXT NOT NULL DEFAULT '[]';
-- The governing rule's id in data/jurisdictions.toml (`rule` keeps its readable label).
ALTER TABLE rights_requests ADD COLUMN rule_id TEXT;
ALTER TABLE rights_requests ADD COLUMN acknowledge_by TEXT;
-- The one extension: when, why, and by when its notice had to go out.
ALTER TABLE rights_requests ADD COLUMN extended_at TEXT;
ALTER TABLE rights_requests ADD COLUMN extension_reason TEXT;
ALTER TABLE rights_requests ADD COLUMN extension_notice_due TEXT;
-- Set while the clock is paused (the date it stopped).
ALTER TABLE rights_requests ADD COLUMN paused_since TEXT;

-- Pauses of the clock; paused days push the due date.
CREATE TABLE request_pauses (
    id          INTEGER PRIMARY KEY,
    request_id  INTEGER NOT NULL REFERENCES rights_requests(id),
    paused_on   TEXT NOT NULL,            -- ISO 8601 date
    resumed_on  TEXT,
    reason      TEXT NOT NULL,
    paused_by   TEXT NOT NULL,
    resumed_by  TEXT,
    CHECK (resumed_on IS NULL OR resumed_on >= paused_on)
) STRICT;
CREATE UNIQUE INDEX one_open_pause_per_request ON request_pauses(request_id) WHERE resumed_on IS NULL;

-- Every message that arrived for a request: the original and replies in its thread.
-- message_id is the dedupe key; without one, sha256 is.
CREATE TABLE request_messages (
    id          INTEGER PRIMARY KEY,
    request_id  INTEGER NOT NULL REFERENCES rights_requests(id),
    role        TEXT NOT NULL CHECK (role IN ('original', 'reply')),
    message_id  TEXT UNIQUE,
    sha256      TEXT NOT NULL,
    sender      TEXT,
    sent_at     TEXT,                     -- the Date header, RFC 3339 UTC
    received_at TEXT NOT NULL,            -- RFC 3339 UTC
    subject     TEXT,
    body        TEXT,
    in_reply_to TEXT,
    refs        TEXT NOT NULL DEFAULT '[]',      -- JSON array of Message-IDs
    attachments TEXT NOT NULL DEFAULT '[]',      -- JSON array of {name, content_type, size}
    source_file TEXT,
    imported_at TEXT NOT NULL
) STRICT;
CREATE INDEX request_messages_by_request ON request_messages(request_id);
CREATE INDEX request_messages_by_sha256 ON request_messages(sha256);

-- Gale warning / black rainstorm warning days the officer records: under Cap. 1 s.71(2)
-- a Hong Kong deadline falling on one moves to the next day.
CREATE TABLE warning_days (
    day         TEXT PRIMARY KEY NOT NULL,  -- ISO 8601 date
    reason      TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL
) STRICT;

-- The PDPO s.27 log book of refused access and correction requests, kept at least four
-- years: entries never change, and none younger than four years can be deleted.
CREATE TABLE pdpo_refusal_log (
    id           INTEGER PRIMARY KEY,
    request_id   INTEGER NOT NULL REFERENCES rights_requests(id),
    request_type TEXT NOT NULL,
    refused_on   TEXT NOT NULL,           -- ISO 8601 date
    reasons      TEXT NOT NULL,
    logged_at    TEXT NOT NULL,
    logged_by    TEXT NOT NULL
) STRICT;
CREATE TRIGGER pdpo_refusal_log_never_changes BEFORE UPDATE ON pdpo_refusal_log
BEGIN
    SELECT RAISE(ABORT, 'an entry in the PDPO refusal log book never changes');
END;
CREATE TRIGGER pdpo_refusal_log_kept_four_years BEFORE DELETE ON pdpo_refusal_log
WHEN OLD.refused_on > date('now', '-4 years')
BEGIN
    SELECT RAISE(ABORT, 'PDPO refusal log entries are kept at least four years');
END;

-- Schema 1: every register of DESIGN.md §2. Later schemas add columns and tables
-- in new files; this one never changes once released.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;

-- Policy versions. A published version is immutable: the trigger below refuses
-- any change to it except retiring it.
CREATE TABLE policy_versions (
    id              INTEGER PRIMARY KEY,
    label           TEXT NOT NULL UNIQUE,
    markdown        TEXT NOT NULL,
    effective_date  TEXT,                         -- ISO 8601 date: the "Last updated" date
    status          TEXT NOT NULL DEFAULT 'draft'
                    CHECK (status IN ('draft', 'in_review', 'published', 'retired')),
    material_change INTEGER NOT NULL DEFAULT 0 CHECK (material_change IN (0, 1)),
    change_summary  TEXT,
    based_on        INTEGER REFERENCES policy_versions(id),
    created_at      TEXT NOT NULL,                -- RFC 3339 UTC
    created_by      TEXT NOT NULL,
    published_at    TEXT,
    published_by    TEXT,
    CHECK (status NOT IN ('published', 'retired') OR effective_date IS NOT NULL)
) STRICT;
CREATE UNIQUE INDEX one_published_policy ON policy_versions(status) WHERE status = 'published';

CREATE TRIGGER published_policy_is_immutable
BEFORE UPDATE ON policy_versions
WHEN OLD.status IN ('published', 'retired')
 AND NOT (OLD.status = 'published' AND NEW.status = 'retired'
          AND NEW.markdown IS OLD.markdown AND NEW.effective_date IS OLD.effective_date
          AND NEW.label IS OLD.label AND NEW.material_change IS OLD.material_change
          AND NEW.change_summary IS OLD.change_summary)
BEGIN
    SELECT RAISE(ABORT, 'a published policy version never changes; make a new version');
END;
CREATE TRIGGER published_policy_is_kept
BEFORE DELETE ON policy_versions
WHEN OLD.status IN ('published', 'retired')
BEGIN
    SELECT RAISE(ABORT, 'a published policy version is never deleted');
END;

CREATE TABLE policy_snapshots (
    id              INTEGER PRIMARY KEY,
    version_id      INTEGER NOT NULL REFERENCES policy_versions(id),
    format          TEXT NOT NULL CHECK (format IN ('html', 'pdf')),
    file_sha256     TEXT NOT NULL,
    markdown_sha256 TEXT NOT NULL,
    byte_len        INTEGER NOT NULL,
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL
) STRICT;
CREATE INDEX policy_snapshots_by_version ON policy_snapshots(version_id);

CREATE TABLE processors (
    id                  INTEGER PRIMARY KEY,
    name                TEXT NOT NULL UNIQUE,
    service             TEXT NOT NULL,
    purpose             TEXT NOT NULL,
    data_categories     TEXT NOT NULL DEFAULT '[]',   -- JSON array of strings
    country             TEXT NOT NULL,
    transfer_mechanism  TEXT,
    confidentiality     TEXT NOT NULL DEFAULT 'none'
                        CHECK (confidentiality IN ('none', 'pending', 'confidentiality_agreement', 'dpa')),
    confidentiality_date TEXT,
    contract_start      TEXT,
    contract_end        TEXT,
    next_review         TEXT,
    status              TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired')),
    notes               TEXT,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
) STRICT;

CREATE TABLE merchants (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    shop_domain   TEXT UNIQUE,
    contact_email TEXT,
    contract_start TEXT,
    contract_end  TEXT,
    status        TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'ended')),
    notes         TEXT,
    created_at    TEXT NOT NULL
) STRICT;

CREATE TABLE platforms (
    code         TEXT PRIMARY KEY NOT NULL,
    name         TEXT NOT NULL UNIQUE,
    category     TEXT NOT NULL,
    policy_terms TEXT NOT NULL DEFAULT '[]',   -- JSON array: words in the policy that name it
    notes        TEXT
) STRICT;

-- The scope catalog: each platform scope, its sensitivity in the platform's own
-- terms, and the purposes it may serve.
CREATE TABLE scopes (
    id          INTEGER PRIMARY KEY,
    platform    TEXT NOT NULL REFERENCES platforms(code),
    scope       TEXT NOT NULL,
    description TEXT NOT NULL,
    sensitivity TEXT NOT NULL,
    purposes    TEXT NOT NULL DEFAULT '[]',    -- JSON array of purposes
    source      TEXT NOT NULL,
    confirmed   INTEGER NOT NULL DEFAULT 0 CHECK (confirmed IN (0, 1)),
    UNIQUE (platform, scope)
) STRICT;

CREATE TABLE security_assessments (
    id          INTEGER PRIMARY KEY,
    platform    TEXT NOT NULL REFERENCES platforms(code),
    assessed_on TEXT NOT NULL,
    assessor    TEXT NOT NULL,
    notes       TEXT,
    created_at  TEXT NOT NULL
) STRICT;

CREATE TABLE rights_requests (
    id                  INTEGER PRIMARY KEY,
    received_at         TEXT NOT NULL,            -- RFC 3339 UTC
    channel             TEXT NOT NULL CHECK (channel IN ('email', 'shopify_webhook', 'manual')),
    requester_name      TEXT,
    requester_email     TEXT,
    merchant_id         INTEGER REFERENCES merchants(id),
    type                TEXT NOT NULL CHECK (type IN ('access', 'correction', 'deletion',
                              'withdraw_authorization', 'other', 'needs_triage')),
    classification_note TEXT,
    jurisdiction        TEXT NOT NULL,
    due_date            TEXT,                     -- ISO 8601 calendar date
    rule                TEXT,                     -- the rule that set due_date
    status              TEXT NOT NULL DEFAULT 'received'
                        CHECK (status IN ('received', 'identity_check', 'in_progress',
                                          'completed', 'refused', 'withdrawn')),
    identity_method     TEXT,
    identity_verified_on TEXT,
    outcome             TEXT,
    message_id          TEXT UNIQUE,
    message_sha256      TEXT,
    subject             TEXT,
    body                TEXT,
    created_at          TEXT NOT NULL,
    closed_at           TEXT
) STRICT;
CREATE INDEX rights_requests_by_due ON rights_requests(status, due_date);

CREATE TABLE request_events (
    id         INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES rights_requests(id),
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    kind       TEXT NOT NULL,    -- received, note, status, extension, pause, resume, reply, ...
    detail     TEXT NOT NULL DEFAULT '{}'  -- JSON
) STRICT;
CREATE INDEX request_events_by_request ON request_events(request_id, at);

CREATE TABLE request_evidence (
    id          INTEGER PRIMARY KEY,
    request_id  INTEGER NOT NULL REFERENCES rights_requests(id),
    description TEXT NOT NULL,
    sha256      TEXT,
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL
) STRICT;

CREATE TABLE authorizations (
    id             INTEGER PRIMARY KEY,
    merchant_id    INTEGER NOT NULL REFERENCES merchants(id),
    platform       TEXT NOT NULL REFERENCES platforms(code),
    purpose        TEXT NOT NULL,
    granted_at     TEXT NOT NULL,    -- ISO 8601 date
    granted_by     TEXT NOT NULL,
    revoked_at     TEXT,
    revoked_by     TEXT,
    revoke_channel TEXT CHECK (revoke_channel IN ('platform', 'email_request', 'contract_end', 'other')),
    revoke_reason  TEXT,
    revoke_request_id INTEGER REFERENCES rights_requests(id),
    CHECK ((revoked_at IS NULL) = (revoke_channel IS NULL))
) STRICT;
CREATE INDEX authorizations_by_merchant ON authorizations(merchant_id);

-- Scopes granted under an authorization. scope_id is NULL when the scope is not
-- (yet) in the catalog: it is kept, and flagged.
CREATE TABLE authorization_scopes (
    authorization_id INTEGER NOT NULL REFERENCES authorizations(id),
    scope            TEXT NOT NULL,
    scope_id         INTEGER REFERENCES scopes(id),
    PRIMARY KEY (authorization_id, scope)
) STRICT;

CREATE TABLE retention_rules (
    id            INTEGER PRIMARY KEY,
    data_category TEXT NOT NULL UNIQUE,
    description   TEXT NOT NULL,
    period_days   INTEGER NOT NULL CHECK (period_days >= 0),
    trigger       TEXT NOT NULL CHECK (trigger IN ('authorization_revoked', 'contract_ended',
                        'request_closed', 'collected', 'last_contact')),
    action        TEXT NOT NULL CHECK (action IN ('delete', 'anonymise')),
    basis         TEXT NOT NULL
) STRICT;

-- The audit log: append-only and hash-chained. hash = SHA-256 over the previous
-- hash and this entry's fields (see src/audit.rs).
CREATE TABLE audit_log (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id TEXT,
    change    TEXT NOT NULL,      -- JSON
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL UNIQUE
) STRICT;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

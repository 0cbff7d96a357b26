-- Schema 3: processors, merchants, authorizations and retention (issue 5).

-- Merchant names and shop domains are unique whatever their case, so a merchant can
-- be named on the command line and matched by an import without ambiguity.
CREATE UNIQUE INDEX merchants_name_nocase ON merchants(name COLLATE NOCASE);
CREATE UNIQUE INDEX merchants_shop_domain_nocase ON merchants(shop_domain COLLATE NOCASE);
CREATE UNIQUE INDEX processors_name_nocase ON processors(name COLLATE NOCASE);
CREATE INDEX authorizations_by_platform ON authorizations(platform, revoked_at);
CREATE INDEX security_assessments_by_platform ON security_assessments(platform, assessed_on);

-- What was done when a retention period ran out: one row closes one due item
-- (`item_key`, e.g. `authorization:12:authorized_platform_data`). Entries are
-- evidence, so they never change and are never deleted.
CREATE TABLE retention_actions (
    id            INTEGER PRIMARY KEY,
    item_key      TEXT NOT NULL UNIQUE,
    data_category TEXT NOT NULL,
    subject       TEXT NOT NULL CHECK (subject IN ('authorization', 'merchant', 'request')),
    subject_id    INTEGER NOT NULL,
    action        TEXT NOT NULL CHECK (action IN ('delete', 'anonymise')),
    evidence      TEXT NOT NULL CHECK (length(trim(evidence)) > 0),
    done_on       TEXT NOT NULL,             -- ISO 8601 date
    recorded_at   TEXT NOT NULL,             -- RFC 3339 UTC
    recorded_by   TEXT NOT NULL
) STRICT;

CREATE TRIGGER retention_actions_never_change BEFORE UPDATE ON retention_actions
BEGIN
    SELECT RAISE(ABORT, 'a recorded deletion or anonymisation never changes');
END;
CREATE TRIGGER retention_actions_are_kept BEFORE DELETE ON retention_actions
BEGIN
    SELECT RAISE(ABORT, 'a recorded deletion or anonymisation is never deleted');
END;

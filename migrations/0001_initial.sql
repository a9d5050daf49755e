-- Intel Desk store, schema version 1.
-- Never edit this file once released: add a new numbered migration instead.
-- Times are RFC 3339 UTC text. Users and reports are never deleted.

CREATE TABLE store_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('director-of-intelligence','intelligence-manager',
                      'intelligence-officer','principal-analyst','analyst','researcher')),
    is_admin      INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0,1)),
    clearance     TEXT NOT NULL DEFAULT 'OFFICIAL-SENSITIVE' CHECK (clearance IN ('OFFICIAL','OFFICIAL-SENSITIVE')),
    created_at    TEXT NOT NULL,
    created_by    INTEGER REFERENCES users(id),
    locked_at     TEXT,
    locked_by     INTEGER REFERENCES users(id),
    locked_reason TEXT
) STRICT;

CREATE TRIGGER users_never_deleted BEFORE DELETE ON users
BEGIN SELECT RAISE(ABORT, 'users are locked, never deleted'); END;

CREATE TABLE retention_schedule (
    review_group        INTEGER PRIMARY KEY CHECK (review_group BETWEEN 1 AND 4),
    label               TEXT NOT NULL,
    review_after_months INTEGER NOT NULL CHECK (review_after_months > 0)
) STRICT;

INSERT INTO retention_schedule VALUES
    (1, 'Certain public protection matters', 120),
    (2, 'Other sexual, violent or serious offences', 120),
    (3, 'All other offences', 72),
    (4, 'Intelligence only (local rules)', 72);

CREATE TABLE reports (
    id                 INTEGER PRIMARY KEY,
    reference          TEXT NOT NULL UNIQUE,
    received_at        TEXT NOT NULL,
    recorded_at        TEXT NOT NULL,
    recorded_by        INTEGER NOT NULL REFERENCES users(id),
    submitting_officer TEXT NOT NULL,
    source_type        TEXT NOT NULL CHECK (source_type IN ('officer','public','partner-agency','crimestoppers',
                           'covert-source','prison','financial','public-order','open-source')),
    source_ref         TEXT,
    marking            TEXT NOT NULL CHECK (marking IN ('OFFICIAL','OFFICIAL-SENSITIVE')),
    priority           TEXT NOT NULL CHECK (priority IN ('high','medium','low')),
    original_text      TEXT NOT NULL,
    sanitised_text     TEXT,
    sanitised_by       INTEGER REFERENCES users(id),
    sanitised_at       TEXT,
    status             TEXT NOT NULL CHECK (status IN ('received','evaluated','in-development','analysed',
                           'disseminated','no-further-action','archived')),
    review_group       INTEGER NOT NULL DEFAULT 4 REFERENCES retention_schedule(review_group),
    review_due         TEXT NOT NULL,
    disposed_at        TEXT
) STRICT;
CREATE INDEX reports_recorded_at ON reports(recorded_at);
-- (status, rowid): newest-first listing within a status needs no sort.
CREATE INDEX reports_status ON reports(status);
CREATE INDEX reports_review_due ON reports(review_due);

CREATE TRIGGER reports_never_deleted BEFORE DELETE ON reports
BEGIN SELECT RAISE(ABORT, 'reports are disposed by review, never deleted'); END;

CREATE TABLE sanitisations (
    id           INTEGER PRIMARY KEY,
    report_id    INTEGER NOT NULL REFERENCES reports(id),
    text         TEXT NOT NULL,
    sanitised_by INTEGER NOT NULL REFERENCES users(id),
    sanitised_at TEXT NOT NULL
) STRICT;
CREATE INDEX sanitisations_report ON sanitisations(report_id);

CREATE TABLE attachments (
    id         INTEGER PRIMARY KEY,
    report_id  INTEGER NOT NULL REFERENCES reports(id),
    file_name  TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size       INTEGER NOT NULL,
    sha256     TEXT NOT NULL,
    content    BLOB,
    added_by   INTEGER NOT NULL REFERENCES users(id),
    added_at   TEXT NOT NULL
) STRICT;
CREATE INDEX attachments_report ON attachments(report_id);

-- Every grade ever given; the current one has superseded_at NULL.
CREATE TABLE evaluations (
    id                 INTEGER PRIMARY KEY,
    report_id          INTEGER NOT NULL REFERENCES reports(id),
    scheme             TEXT NOT NULL CHECK (scheme IN ('3x5x2','5x5x5','admiralty')),
    source_grade       TEXT NOT NULL,
    intelligence_grade TEXT NOT NULL,
    handling_code      TEXT,
    conditions         TEXT,
    rationale          TEXT NOT NULL,
    evaluated_by       INTEGER NOT NULL REFERENCES users(id),
    evaluated_at       TEXT NOT NULL,
    superseded_at      TEXT,
    CHECK (scheme <> '3x5x2' OR (source_grade IN ('1','2','3') AND intelligence_grade IN ('A','B','C','D','E')
                                 AND handling_code IN ('P','C'))),
    CHECK (scheme <> '3x5x2' OR handling_code <> 'C' OR (conditions IS NOT NULL AND length(trim(conditions)) > 0)),
    CHECK (scheme <> '5x5x5' OR (source_grade IN ('A','B','C','D','E') AND intelligence_grade IN ('1','2','3','4','5')
                                 AND handling_code IN ('1','2','3','4','5'))),
    CHECK (scheme <> 'admiralty' OR (source_grade IN ('A','B','C','D','E','F')
                                     AND intelligence_grade IN ('1','2','3','4','5','6')))
) STRICT;
CREATE INDEX evaluations_report ON evaluations(report_id, superseded_at);

CREATE TABLE status_history (
    id          INTEGER PRIMARY KEY,
    report_id   INTEGER NOT NULL REFERENCES reports(id),
    from_status TEXT,
    to_status   TEXT NOT NULL,
    changed_by  INTEGER NOT NULL REFERENCES users(id),
    changed_at  TEXT NOT NULL,
    reason      TEXT NOT NULL
) STRICT;
CREATE INDEX status_history_report ON status_history(report_id);

CREATE TABLE entities (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('person','object','location','event','organisation')),
    object_type  TEXT CHECK (object_type IS NULL OR object_type IN ('vehicle','phone','email','weapon','other')),
    label        TEXT NOT NULL,
    details      TEXT NOT NULL DEFAULT '{}',
    ocgm_band    TEXT,
    merged_into  INTEGER REFERENCES entities(id),
    created_by   INTEGER NOT NULL REFERENCES users(id),
    created_at   TEXT NOT NULL,
    CHECK ((kind = 'object') = (object_type IS NOT NULL)),
    CHECK (ocgm_band IS NULL OR kind = 'organisation')
) STRICT;
CREATE INDEX entities_label ON entities(label COLLATE NOCASE);

CREATE TABLE report_entities (
    report_id INTEGER NOT NULL REFERENCES reports(id),
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    role      TEXT NOT NULL,
    linked_by INTEGER NOT NULL REFERENCES users(id),
    linked_at TEXT NOT NULL,
    PRIMARY KEY (report_id, entity_id, role)
) STRICT;
CREATE INDEX report_entities_entity ON report_entities(entity_id);

CREATE TABLE associations (
    id                   INTEGER PRIMARY KEY,
    from_entity          INTEGER NOT NULL REFERENCES entities(id),
    to_entity            INTEGER NOT NULL REFERENCES entities(id),
    kind                 TEXT NOT NULL,
    confirmed            INTEGER NOT NULL CHECK (confirmed IN (0,1)),
    supporting_report_id INTEGER REFERENCES reports(id),
    created_by           INTEGER NOT NULL REFERENCES users(id),
    created_at           TEXT NOT NULL,
    CHECK (from_entity <> to_entity)
) STRICT;
CREATE INDEX associations_from ON associations(from_entity);
CREATE INDEX associations_to ON associations(to_entity);

-- A merge only points the duplicate at the survivor, so undoing it is exact.
CREATE TABLE entity_merges (
    id          INTEGER PRIMARY KEY,
    survivor_id INTEGER NOT NULL REFERENCES entities(id),
    merged_id   INTEGER NOT NULL REFERENCES entities(id),
    reason      TEXT NOT NULL,
    merged_by   INTEGER NOT NULL REFERENCES users(id),
    merged_at   TEXT NOT NULL,
    undone_by   INTEGER REFERENCES users(id),
    undone_at   TEXT
) STRICT;

CREATE TABLE disseminations (
    id                      INTEGER PRIMARY KEY,
    report_id               INTEGER NOT NULL REFERENCES reports(id),
    recipient               TEXT NOT NULL,
    purpose                 TEXT NOT NULL,
    handling_code           TEXT NOT NULL CHECK (handling_code IN ('P','C')),
    conditions              TEXT,
    conditions_acknowledged INTEGER NOT NULL DEFAULT 0,
    state                   TEXT NOT NULL CHECK (state IN ('awaiting-authorisation','released','refused')),
    requested_by            INTEGER NOT NULL REFERENCES users(id),
    requested_at            TEXT NOT NULL,
    authorised_by           INTEGER REFERENCES users(id),
    authorised_at           TEXT,
    decision_note           TEXT,
    released_text           TEXT,
    released_at             TEXT,
    CHECK (state <> 'released' OR released_text IS NOT NULL),
    CHECK (handling_code <> 'C' OR state <> 'released' OR (conditions_acknowledged = 1 AND authorised_by IS NOT NULL))
) STRICT;
CREATE INDEX disseminations_report ON disseminations(report_id);

CREATE TABLE reviews (
    id              INTEGER PRIMARY KEY,
    report_id       INTEGER NOT NULL REFERENCES reports(id),
    decision        TEXT NOT NULL CHECK (decision IN ('retain','archive','dispose')),
    rationale       TEXT NOT NULL,
    reviewed_by     INTEGER NOT NULL REFERENCES users(id),
    reviewed_at     TEXT NOT NULL,
    next_review_due TEXT
) STRICT;
CREATE INDEX reviews_report ON reviews(report_id);

-- Full-text index, maintained by the core (the entity column needs a join).
-- Contentless: the text lives only in reports; the index holds no second copy.
CREATE VIRTUAL TABLE report_search USING fts5(
    reference, sanitised, original, entities,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- Append-only, hash-chained audit trail (DPA 2018 s.62).
CREATE TABLE audit_log (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    target    TEXT NOT NULL,
    reason    TEXT NOT NULL,
    details   TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL UNIQUE
) STRICT;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

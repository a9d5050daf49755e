-- The gateway's schema (SQLite). Keep in step with ../postgres/0001_gateway.sql:
-- the same queries run against both. Idempotency lives in the UNIQUE constraints.

CREATE TABLE enrolments (
    id TEXT PRIMARY KEY,
    unit TEXT NOT NULL,
    label TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'revoked')),
    enrolment_file TEXT NOT NULL,
    submitted_at TEXT NOT NULL,
    decided_at TEXT,
    revoked_reason TEXT
);

-- Every signing key a workstation ever enrolled; a rotated key keeps verifying
-- bundles made before its retirement.
CREATE TABLE signer_keys (
    key_id TEXT PRIMARY KEY,
    enrolment_id TEXT NOT NULL REFERENCES enrolments (id),
    signing_public TEXT NOT NULL,
    age_recipient TEXT NOT NULL,
    retired_at TEXT
);
CREATE INDEX signer_keys_by_enrolment ON signer_keys (enrolment_id);

CREATE TABLE bundles (
    cursor INTEGER PRIMARY KEY AUTOINCREMENT,
    bundle_id TEXT NOT NULL UNIQUE,
    sha256 TEXT NOT NULL UNIQUE,
    sender_id TEXT NOT NULL,
    unit TEXT NOT NULL,
    sequence BIGINT NOT NULL,
    kind TEXT NOT NULL,
    marking TEXT NOT NULL,
    report_count BIGINT NOT NULL,
    size BIGINT NOT NULL,
    received_at TEXT NOT NULL,
    manifest TEXT NOT NULL,
    payload BLOB NOT NULL,
    bytes BLOB NOT NULL,
    receipt TEXT NOT NULL,
    UNIQUE (sender_id, sequence)
);

CREATE TABLE senders (
    sender_id TEXT PRIMARY KEY,
    last_sequence BIGINT NOT NULL
);

CREATE TABLE outbound_bundles (
    bundle_id TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    size BIGINT NOT NULL,
    kind TEXT NOT NULL,
    sender_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    bytes BLOB NOT NULL
);

CREATE TABLE outbound (
    bundle_id TEXT NOT NULL REFERENCES outbound_bundles (bundle_id),
    workstation_id TEXT NOT NULL,
    queued_at TEXT NOT NULL,
    acked_at TEXT,
    PRIMARY KEY (bundle_id, workstation_id)
);
CREATE INDEX outbound_by_workstation ON outbound (workstation_id, acked_at);

-- Named counters: the commit-order lock row and each gateway's package sequence.
CREATE TABLE counters (
    name TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);
INSERT INTO counters (name, value) VALUES ('commit-order', 0);

-- Bundles (issue 4): this workstation's bundle identity, trusted peers,
-- what was exported and queued, what was imported and where it came from.

-- The workstation's signing and age key pairs. Exactly one is current
-- (retired_at NULL); retired ones stay to open bundles addressed to them.
-- The secrets are protected like everything else here: by the store's key.
CREATE TABLE workstation_keys (
    key_id          TEXT PRIMARY KEY,
    signing_public  TEXT NOT NULL,
    age_recipient   TEXT NOT NULL UNIQUE,
    signing_secret  BLOB NOT NULL,
    age_secret      TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    retired_at      TEXT,
    retired_reason  TEXT
) STRICT;
CREATE UNIQUE INDEX workstation_keys_one_current ON workstation_keys((1)) WHERE retired_at IS NULL;

-- Gateways and other workstations this store trusts.
CREATE TABLE peers (
    peer_id             TEXT PRIMARY KEY,
    kind                TEXT NOT NULL CHECK (kind IN ('gateway','workstation')),
    unit                TEXT NOT NULL,
    label               TEXT NOT NULL,
    url                 TEXT,
    tls_certificate_pem TEXT,
    status              TEXT NOT NULL CHECK (status IN ('active','revoked')),
    revoked_at          TEXT,
    revoked_reason      TEXT,
    revoked_by          INTEGER REFERENCES users(id),
    added_at            TEXT NOT NULL,
    added_by            INTEGER NOT NULL REFERENCES users(id),
    -- The signed enrolment file last accepted, kept as evidence.
    enrolment           TEXT NOT NULL,
    CHECK ((status = 'revoked') = (revoked_at IS NOT NULL))
) STRICT;
-- The active gateway is the sync configuration: at most one.
CREATE UNIQUE INDEX peers_one_active_gateway ON peers(kind) WHERE kind = 'gateway' AND status = 'active';

CREATE TABLE peer_keys (
    key_id         TEXT PRIMARY KEY,
    peer_id        TEXT NOT NULL REFERENCES peers(peer_id),
    signing_public TEXT NOT NULL,
    age_recipient  TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    retired_at     TEXT
) STRICT;
CREATE INDEX peer_keys_peer ON peer_keys(peer_id);

-- Every bundle made here. The sequence is the signed per-workstation counter.
CREATE TABLE bundle_exports (
    bundle_id    TEXT PRIMARY KEY,
    sequence     INTEGER NOT NULL UNIQUE,
    kind         TEXT NOT NULL CHECK (kind IN ('records','full','tasking')),
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    created_by   INTEGER NOT NULL REFERENCES users(id),
    marking      TEXT NOT NULL CHECK (marking IN ('OFFICIAL','OFFICIAL-SENSITIVE')),
    recipients   TEXT NOT NULL,  -- JSON array of peer labels
    report_count INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    path         TEXT,           -- set for a file export
    reason       TEXT            -- a full export's authorisation
) STRICT;

-- Bundles queued for the gateway; the bytes wait here until a receipt.
CREATE TABLE outbox (
    bundle_id  TEXT PRIMARY KEY REFERENCES bundle_exports(bundle_id),
    bytes      BLOB NOT NULL,
    state      TEXT NOT NULL CHECK (state IN ('pending','sent','failed')),
    attempts   INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    sent_at    TEXT,
    receipt    TEXT
) STRICT;
CREATE INDEX outbox_state ON outbox(state);

-- What was last sent of each report, so records exports carry only changes.
CREATE TABLE sent_reports (
    report_id    INTEGER PRIMARY KEY REFERENCES reports(id),
    content_hash TEXT NOT NULL,
    bundle_id    TEXT NOT NULL REFERENCES bundle_exports(bundle_id),
    sent_at      TEXT NOT NULL
) STRICT;

-- Every bundle accepted here: the replay and rollback record.
CREATE TABLE bundle_imports (
    bundle_id    TEXT PRIMARY KEY,
    sender_id    TEXT NOT NULL,
    sender_unit  TEXT NOT NULL,
    sender_label TEXT NOT NULL,
    sequence     INTEGER NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('records','full','tasking')),
    marking      TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    imported_at  TEXT NOT NULL,
    imported_by  INTEGER NOT NULL REFERENCES users(id),
    via          TEXT NOT NULL CHECK (via IN ('file','gateway')),
    report_count INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    manifest     TEXT NOT NULL,
    signature    TEXT NOT NULL,
    UNIQUE (sender_id, sequence)
) STRICT;

-- Imported rows keyed on (sender, the sender's own id): a re-sent record
-- updates the copy here instead of duplicating it.
CREATE TABLE origin_reports (
    sender_id        TEXT NOT NULL,
    origin_id        INTEGER NOT NULL,
    report_id        INTEGER NOT NULL UNIQUE REFERENCES reports(id),
    origin_reference TEXT NOT NULL,
    sender_label     TEXT NOT NULL,
    content_hash     TEXT NOT NULL,
    original_carried INTEGER NOT NULL CHECK (original_carried IN (0,1)),
    bundle_id        TEXT NOT NULL REFERENCES bundle_imports(bundle_id),
    PRIMARY KEY (sender_id, origin_id)
) STRICT;
CREATE TABLE origin_entities (
    sender_id TEXT NOT NULL,
    origin_id INTEGER NOT NULL,
    entity_id INTEGER NOT NULL UNIQUE REFERENCES entities(id),
    PRIMARY KEY (sender_id, origin_id)
) STRICT;
CREATE TABLE origin_associations (
    sender_id      TEXT NOT NULL,
    origin_id      INTEGER NOT NULL,
    association_id INTEGER NOT NULL UNIQUE REFERENCES associations(id),
    PRIMARY KEY (sender_id, origin_id)
) STRICT;
CREATE TABLE origin_disseminations (
    sender_id        TEXT NOT NULL,
    origin_id        INTEGER NOT NULL,
    dissemination_id INTEGER NOT NULL UNIQUE REFERENCES disseminations(id),
    PRIMARY KEY (sender_id, origin_id)
) STRICT;

-- Imported grades and disseminations are stored under the importing user
-- (the foreign keys need a local user) with the sender's own names beside.
ALTER TABLE evaluations ADD COLUMN origin_evaluated_by TEXT;
ALTER TABLE disseminations ADD COLUMN origin_requested_by TEXT;
ALTER TABLE disseminations ADD COLUMN origin_authorised_by TEXT;

-- Taskings received in tasking packages.
CREATE TABLE taskings (
    id          INTEGER PRIMARY KEY,
    sender_id   TEXT NOT NULL,
    reference   TEXT NOT NULL,
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    issued_by   TEXT NOT NULL,
    due_at      TEXT,
    marking     TEXT NOT NULL CHECK (marking IN ('OFFICIAL','OFFICIAL-SENSITIVE')),
    received_at TEXT NOT NULL,
    bundle_id   TEXT NOT NULL REFERENCES bundle_imports(bundle_id),
    UNIQUE (sender_id, reference)
) STRICT;

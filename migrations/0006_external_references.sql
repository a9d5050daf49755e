-- References to the force's other systems (PND, OCGM, crime recording,
-- command and control, ViSOR, NABIS, PNC, custody), held on reports and
-- entities. A reference is never deleted: removal is recorded.

CREATE TABLE external_reference_formats (
    system     TEXT PRIMARY KEY CHECK (system IN ('pnd','ocgm','crime','cad','visor','nabis','pnc','custody')),
    pattern    TEXT NOT NULL CHECK (pattern <> ''),
    changed_by INTEGER NOT NULL REFERENCES users(id),
    changed_at TEXT NOT NULL
) STRICT;

CREATE TABLE external_references (
    id             INTEGER PRIMARY KEY,
    system         TEXT NOT NULL CHECK (system IN ('pnd','ocgm','crime','cad','visor','nabis','pnc','custody')),
    value          TEXT NOT NULL CHECK (value <> ''),
    report_id      INTEGER REFERENCES reports(id),
    entity_id      INTEGER REFERENCES entities(id),
    ocgm_band      TEXT,
    ocgm_score     INTEGER,
    ocgm_scored_on TEXT,
    note           TEXT NOT NULL DEFAULT '',
    added_by       INTEGER NOT NULL REFERENCES users(id),
    added_at       TEXT NOT NULL,
    removed_by     INTEGER REFERENCES users(id),
    removed_at     TEXT,
    removed_reason TEXT,
    CHECK ((report_id IS NULL) <> (entity_id IS NULL)),
    -- An OCGM reference carries the group's band, score and scoring date; no other does.
    CHECK ((system = 'ocgm') = (ocgm_band IS NOT NULL AND ocgm_score IS NOT NULL AND ocgm_scored_on IS NOT NULL)),
    CHECK (system = 'ocgm' OR (ocgm_band IS NULL AND ocgm_score IS NULL AND ocgm_scored_on IS NULL)),
    CHECK ((removed_at IS NULL) = (removed_by IS NULL) AND (removed_at IS NULL) = (removed_reason IS NULL))
) STRICT;
CREATE INDEX external_references_value ON external_references(value, system);
CREATE INDEX external_references_report ON external_references(report_id) WHERE report_id IS NOT NULL;
CREATE INDEX external_references_entity ON external_references(entity_id) WHERE entity_id IS NOT NULL;
CREATE UNIQUE INDEX external_references_once
    ON external_references(system, value, coalesce(report_id, 0), coalesce(entity_id, 0)) WHERE removed_at IS NULL;

-- What was held stays held: a reference's identity never changes, and rows
-- are never deleted.
CREATE TRIGGER external_references_fixed BEFORE UPDATE OF system, value, report_id, entity_id, ocgm_band, ocgm_score, ocgm_scored_on, added_by, added_at
ON external_references
BEGIN
    SELECT RAISE(ABORT, 'an external reference cannot be changed; remove it and add the right one');
END;
CREATE TRIGGER external_references_kept BEFORE DELETE ON external_references
BEGIN
    SELECT RAISE(ABORT, 'an external reference is never deleted; remove it instead');
END;

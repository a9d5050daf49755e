-- Tasking and coordination, and intelligence products (issue 5).
-- Never edit this file once released: add a new numbered migration instead.
-- Dates of meetings, due dates and review dates are YYYY-MM-DD; times RFC 3339 UTC.
-- What the governance text asks to be kept for accountability (decisions,
-- control strategy versions, signed-off meetings, approved products) is made
-- immutable here, in the schema, not only in the core.

-- ST&CG, TT&CG, intelligence unit meeting and daily management meeting.
CREATE TABLE meetings (
    id            INTEGER PRIMARY KEY,
    reference     TEXT NOT NULL UNIQUE,
    kind          TEXT NOT NULL CHECK (kind IN ('stcg','ttcg','intelligence-unit','dmm')),
    held_on       TEXT NOT NULL,
    title         TEXT NOT NULL,
    chair         TEXT NOT NULL,
    marking       TEXT NOT NULL CHECK (marking IN ('OFFICIAL','OFFICIAL-SENSITIVE')),
    notes         TEXT NOT NULL DEFAULT '',
    created_by    INTEGER NOT NULL REFERENCES users(id),
    created_at    TEXT NOT NULL,
    signed_off_by INTEGER REFERENCES users(id),
    signed_off_at TEXT,
    CHECK ((signed_off_by IS NULL) = (signed_off_at IS NULL))
) STRICT;
CREATE INDEX meetings_held_on ON meetings(held_on);

CREATE TRIGGER meetings_signed_off_immutable BEFORE UPDATE ON meetings
WHEN OLD.signed_off_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a signed-off meeting record cannot change; record a new decision instead'); END;
CREATE TRIGGER meetings_never_deleted BEFORE DELETE ON meetings
BEGIN SELECT RAISE(ABORT, 'meeting records are never deleted'); END;

-- Partners attend by consent: a partner row must say consent was given.
CREATE TABLE meeting_attendees (
    meeting_id   INTEGER NOT NULL REFERENCES meetings(id),
    name         TEXT NOT NULL,
    organisation TEXT NOT NULL,
    is_partner   INTEGER NOT NULL CHECK (is_partner IN (0,1)),
    consent      INTEGER NOT NULL CHECK (consent IN (0,1)),
    CHECK (is_partner = 0 OR consent = 1),
    PRIMARY KEY (meeting_id, name)
) STRICT;

CREATE TABLE meeting_agenda (
    meeting_id  INTEGER NOT NULL REFERENCES meetings(id),
    position    INTEGER NOT NULL,
    title       TEXT NOT NULL,
    source_kind TEXT NOT NULL CHECK (source_kind IN ('product','requirement','action','priority','other')),
    source_ref  TEXT,
    PRIMARY KEY (meeting_id, position)
) STRICT;

CREATE TABLE meeting_decisions (
    id             INTEGER PRIMARY KEY,
    meeting_id     INTEGER NOT NULL REFERENCES meetings(id),
    kind           TEXT NOT NULL CHECK (kind IN ('control-strategy','requirement-approval','tasking','commission',
                       'escalation','resource','other')),
    summary        TEXT NOT NULL,
    rationale      TEXT NOT NULL CHECK (length(trim(rationale)) > 0),
    decision_maker TEXT NOT NULL CHECK (length(trim(decision_maker)) > 0),
    escalated_to   TEXT,
    supersedes     INTEGER REFERENCES meeting_decisions(id),
    recorded_by    INTEGER NOT NULL REFERENCES users(id),
    recorded_at    TEXT NOT NULL,
    CHECK (kind <> 'escalation' OR length(trim(coalesce(escalated_to, ''))) > 0)
) STRICT;
CREATE INDEX meeting_decisions_meeting ON meeting_decisions(meeting_id);

-- A decision, once recorded, is never altered: a change is a new decision
-- that supersedes it. Nothing may be added to a signed-off meeting.
CREATE TRIGGER meeting_decisions_immutable BEFORE UPDATE ON meeting_decisions
BEGIN SELECT RAISE(ABORT, 'a recorded decision cannot change; record a new decision that supersedes it'); END;
CREATE TRIGGER meeting_decisions_never_deleted BEFORE DELETE ON meeting_decisions
BEGIN SELECT RAISE(ABORT, 'a recorded decision cannot be deleted; record a new decision that supersedes it'); END;
CREATE TRIGGER meeting_decisions_closed BEFORE INSERT ON meeting_decisions
WHEN (SELECT signed_off_at FROM meetings WHERE id = NEW.meeting_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the meeting is signed off; record the decision at a later meeting'); END;
CREATE TRIGGER meeting_attendees_closed_insert BEFORE INSERT ON meeting_attendees
WHEN (SELECT signed_off_at FROM meetings WHERE id = NEW.meeting_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the meeting is signed off; its attendance cannot change'); END;
CREATE TRIGGER meeting_attendees_closed_change BEFORE UPDATE ON meeting_attendees
WHEN (SELECT signed_off_at FROM meetings WHERE id = OLD.meeting_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the meeting is signed off; its attendance cannot change'); END;
CREATE TRIGGER meeting_attendees_closed_delete BEFORE DELETE ON meeting_attendees
WHEN (SELECT signed_off_at FROM meetings WHERE id = OLD.meeting_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the meeting is signed off; its attendance cannot change'); END;
CREATE TRIGGER meeting_agenda_closed_insert BEFORE INSERT ON meeting_agenda
WHEN (SELECT signed_off_at FROM meetings WHERE id = NEW.meeting_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the meeting is signed off; its agenda cannot change'); END;
CREATE TRIGGER meeting_agenda_closed_change BEFORE UPDATE ON meeting_agenda
WHEN (SELECT signed_off_at FROM meetings WHERE id = OLD.meeting_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the meeting is signed off; its agenda cannot change'); END;
CREATE TRIGGER meeting_agenda_closed_delete BEFORE DELETE ON meeting_agenda
WHEN (SELECT signed_off_at FROM meetings WHERE id = OLD.meeting_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the meeting is signed off; its agenda cannot change'); END;

-- The control strategy: every version kept, each set by one ST&CG decision.
CREATE TABLE control_strategy_versions (
    id          INTEGER PRIMARY KEY,
    version     INTEGER NOT NULL UNIQUE CHECK (version > 0),
    decision_id INTEGER NOT NULL UNIQUE REFERENCES meeting_decisions(id),
    summary     TEXT NOT NULL,
    created_by  INTEGER NOT NULL REFERENCES users(id),
    created_at  TEXT NOT NULL
) STRICT;

-- Each issue considered, priority or not, with the reason either way.
CREATE TABLE control_strategy_issues (
    version_id    INTEGER NOT NULL REFERENCES control_strategy_versions(id),
    position      INTEGER NOT NULL,
    issue_key     TEXT NOT NULL,
    title         TEXT NOT NULL,
    is_priority   INTEGER NOT NULL CHECK (is_priority IN (0,1)),
    reason        TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    owner         TEXT,
    delivery_plan TEXT,
    prevention    INTEGER NOT NULL CHECK (prevention IN (0,1)),
    intelligence  INTEGER NOT NULL CHECK (intelligence IN (0,1)),
    enforcement   INTEGER NOT NULL CHECK (enforcement IN (0,1)),
    reassurance   INTEGER NOT NULL CHECK (reassurance IN (0,1)),
    CHECK (is_priority = 0 OR (length(trim(coalesce(owner, ''))) > 0 AND length(trim(coalesce(delivery_plan, ''))) > 0)),
    PRIMARY KEY (version_id, issue_key)
) STRICT;

CREATE TRIGGER control_strategy_versions_kept BEFORE UPDATE ON control_strategy_versions
BEGIN SELECT RAISE(ABORT, 'control strategy versions are kept as set; an ST&CG decision makes a new version'); END;
CREATE TRIGGER control_strategy_versions_never_deleted BEFORE DELETE ON control_strategy_versions
BEGIN SELECT RAISE(ABORT, 'control strategy versions are kept as set; an ST&CG decision makes a new version'); END;
CREATE TRIGGER control_strategy_issues_kept BEFORE UPDATE ON control_strategy_issues
BEGIN SELECT RAISE(ABORT, 'control strategy versions are kept as set; an ST&CG decision makes a new version'); END;
CREATE TRIGGER control_strategy_issues_never_deleted BEFORE DELETE ON control_strategy_issues
BEGIN SELECT RAISE(ABORT, 'control strategy versions are kept as set; an ST&CG decision makes a new version'); END;

-- Intelligence requirements: strategic (ST&CG) or tactical (an investigation or operation).
CREATE TABLE requirements (
    id                 INTEGER PRIMARY KEY,
    reference          TEXT NOT NULL UNIQUE,
    kind               TEXT NOT NULL CHECK (kind IN ('strategic','tactical')),
    title              TEXT NOT NULL,
    operation          TEXT,
    marking            TEXT NOT NULL CHECK (marking IN ('OFFICIAL','OFFICIAL-SENSITIVE')),
    state              TEXT NOT NULL CHECK (state IN ('draft','approved','withdrawn')),
    review_due         TEXT NOT NULL,
    approved_by        INTEGER REFERENCES meeting_decisions(id),
    published_with     INTEGER REFERENCES control_strategy_versions(id),
    created_by         INTEGER NOT NULL REFERENCES users(id),
    created_at         TEXT NOT NULL,
    approved_at        TEXT,
    CHECK (kind <> 'tactical' OR length(trim(coalesce(operation, ''))) > 0),
    CHECK (state = 'draft' OR approved_by IS NOT NULL),
    CHECK (kind <> 'strategic' OR state = 'draft' OR published_with IS NOT NULL)
) STRICT;

CREATE TABLE requirement_questions (
    id             INTEGER PRIMARY KEY,
    requirement_id INTEGER NOT NULL REFERENCES requirements(id),
    position       INTEGER NOT NULL,
    question       TEXT NOT NULL,
    issue_key      TEXT,
    UNIQUE (requirement_id, position)
) STRICT;

-- A report marked as answering a question (the coverage of the requirement).
CREATE TABLE requirement_answers (
    question_id INTEGER NOT NULL REFERENCES requirement_questions(id),
    report_id   INTEGER NOT NULL REFERENCES reports(id),
    note        TEXT NOT NULL DEFAULT '',
    linked_by   INTEGER NOT NULL REFERENCES users(id),
    linked_at   TEXT NOT NULL,
    PRIMARY KEY (question_id, report_id)
) STRICT;
CREATE INDEX requirement_answers_report ON requirement_answers(report_id);

-- "Communicated to all staff": who has read an approved strategic requirement.
CREATE TABLE requirement_acknowledgements (
    requirement_id  INTEGER NOT NULL REFERENCES requirements(id),
    user_id         INTEGER NOT NULL REFERENCES users(id),
    acknowledged_at TEXT NOT NULL,
    PRIMARY KEY (requirement_id, user_id)
) STRICT;

-- The action manager: actions come from decisions.
CREATE TABLE actions (
    id          INTEGER PRIMARY KEY,
    reference   TEXT NOT NULL UNIQUE,
    decision_id INTEGER NOT NULL REFERENCES meeting_decisions(id),
    title       TEXT NOT NULL,
    strand      TEXT NOT NULL CHECK (strand IN ('prevention','intelligence','enforcement','reassurance')),
    issue_key   TEXT,
    owner       TEXT NOT NULL,
    due_on      TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('open','in-progress','done','cancelled')),
    result      TEXT NOT NULL DEFAULT '',
    created_by  INTEGER NOT NULL REFERENCES users(id),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    CHECK (status <> 'done' OR length(trim(result)) > 0)
) STRICT;
CREATE INDEX actions_due ON actions(status, due_on);

CREATE TABLE action_updates (
    id         INTEGER PRIMARY KEY,
    action_id  INTEGER NOT NULL REFERENCES actions(id),
    status     TEXT NOT NULL,
    note       TEXT NOT NULL,
    result     TEXT NOT NULL,
    updated_by INTEGER NOT NULL REFERENCES users(id),
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX action_updates_action ON action_updates(action_id);

-- Operational review: commissioned by the TT&CG, objectives fixed before the
-- operation starts, findings only after.
CREATE TABLE operational_reviews (
    id                INTEGER PRIMARY KEY,
    reference         TEXT NOT NULL UNIQUE,
    decision_id       INTEGER NOT NULL REFERENCES meeting_decisions(id),
    operation         TEXT NOT NULL,
    scope             TEXT NOT NULL,
    planned_start     TEXT NOT NULL,
    objectives        TEXT NOT NULL DEFAULT '[]',
    started_at        TEXT,
    started_by        INTEGER REFERENCES users(id),
    impact            TEXT,
    lessons           TEXT,
    good_practice     TEXT,
    recommendations   TEXT,
    completed_at      TEXT,
    completed_by      INTEGER REFERENCES users(id),
    created_by        INTEGER NOT NULL REFERENCES users(id),
    created_at        TEXT NOT NULL,
    CHECK (started_at IS NULL OR objectives <> '[]'),
    CHECK (completed_at IS NULL OR started_at IS NOT NULL)
) STRICT;

CREATE TRIGGER operational_review_objectives_fixed BEFORE UPDATE OF objectives ON operational_reviews
WHEN OLD.started_at IS NOT NULL AND NEW.objectives IS NOT OLD.objectives
BEGIN SELECT RAISE(ABORT, 'the operation has started: its review objectives are fixed'); END;
CREATE TRIGGER operational_review_completed BEFORE UPDATE ON operational_reviews
WHEN OLD.completed_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a completed operational review cannot change'); END;

-- Intelligence products, from agreed terms of reference to approval.
CREATE TABLE products (
    id               INTEGER PRIMARY KEY,
    reference        TEXT NOT NULL UNIQUE,
    kind             TEXT NOT NULL CHECK (kind IN ('strategic-assessment','tactical-assessment','problem-profile',
                         'subject-profile','research-summary')),
    title            TEXT NOT NULL,
    marking          TEXT NOT NULL CHECK (marking IN ('OFFICIAL','OFFICIAL-SENSITIVE')),
    tor_requester    TEXT NOT NULL,
    tor_scope        TEXT NOT NULL,
    tor_questions    TEXT NOT NULL,
    tor_deadline     TEXT NOT NULL,
    commissioned_by  INTEGER REFERENCES meeting_decisions(id),
    state            TEXT NOT NULL CHECK (state IN ('draft','in-review','awaiting-approval','approved','withdrawn')),
    dissemination    TEXT NOT NULL DEFAULT '[]',
    author_id        INTEGER NOT NULL REFERENCES users(id),
    reviewer_id      INTEGER REFERENCES users(id),
    reviewed_at      TEXT,
    approver_id      INTEGER REFERENCES users(id),
    approved_at      TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    CHECK (state <> 'approved' OR (reviewer_id IS NOT NULL AND approver_id IS NOT NULL)),
    CHECK (reviewer_id IS NULL OR reviewer_id <> author_id),
    CHECK (approver_id IS NULL OR approver_id <> author_id)
) STRICT;

CREATE TABLE product_sections (
    product_id INTEGER NOT NULL REFERENCES products(id),
    position   INTEGER NOT NULL,
    key        TEXT NOT NULL,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (product_id, key)
) STRICT;

CREATE TABLE product_citations (
    product_id INTEGER NOT NULL REFERENCES products(id),
    report_id  INTEGER NOT NULL REFERENCES reports(id),
    section    TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    added_by   INTEGER NOT NULL REFERENCES users(id),
    added_at   TEXT NOT NULL,
    PRIMARY KEY (product_id, report_id)
) STRICT;
CREATE INDEX product_citations_report ON product_citations(report_id);

CREATE TABLE product_embeds (
    id         INTEGER PRIMARY KEY,
    product_id INTEGER NOT NULL REFERENCES products(id),
    section    TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('link-chart','timeline','table')),
    entity_id  INTEGER REFERENCES entities(id),
    query      TEXT,
    caption    TEXT NOT NULL,
    CHECK (kind = 'table' OR entity_id IS NOT NULL),
    CHECK (kind <> 'table' OR query IS NOT NULL)
) STRICT;

CREATE TABLE product_gaps (
    id         INTEGER PRIMARY KEY,
    product_id INTEGER NOT NULL REFERENCES products(id),
    gap        TEXT NOT NULL
) STRICT;

CREATE TABLE product_recommendations (
    id         INTEGER PRIMARY KEY,
    product_id INTEGER NOT NULL REFERENCES products(id),
    strand     TEXT NOT NULL CHECK (strand IN ('prevention','intelligence','enforcement','reassurance')),
    text       TEXT NOT NULL
) STRICT;

-- Peer review and approval history: who said what at each step.
CREATE TABLE product_decisions (
    id         INTEGER PRIMARY KEY,
    product_id INTEGER NOT NULL REFERENCES products(id),
    step       TEXT NOT NULL CHECK (step IN ('submitted','peer-review-passed','returned','approved','withdrawn')),
    note       TEXT NOT NULL,
    decided_by INTEGER NOT NULL REFERENCES users(id),
    decided_at TEXT NOT NULL
) STRICT;

-- An approved product is what was approved: its content cannot change.
CREATE TRIGGER products_approved_fixed BEFORE UPDATE ON products
WHEN OLD.state = 'approved' AND NOT (NEW.state = 'withdrawn' AND NEW.title IS OLD.title AND NEW.marking IS OLD.marking)
BEGIN SELECT RAISE(ABORT, 'an approved product cannot change; start a new version from it'); END;
CREATE TRIGGER product_sections_fixed_insert BEFORE INSERT ON product_sections
WHEN (SELECT state FROM products WHERE id = NEW.product_id) NOT IN ('draft')
BEGIN SELECT RAISE(ABORT, 'only a draft product can be edited'); END;
CREATE TRIGGER product_sections_fixed_update BEFORE UPDATE ON product_sections
WHEN (SELECT state FROM products WHERE id = OLD.product_id) NOT IN ('draft')
BEGIN SELECT RAISE(ABORT, 'only a draft product can be edited'); END;
CREATE TRIGGER product_citations_fixed_insert BEFORE INSERT ON product_citations
WHEN (SELECT state FROM products WHERE id = NEW.product_id) NOT IN ('draft')
BEGIN SELECT RAISE(ABORT, 'only a draft product can be edited'); END;
CREATE TRIGGER product_citations_fixed_delete BEFORE DELETE ON product_citations
WHEN (SELECT state FROM products WHERE id = OLD.product_id) NOT IN ('draft')
BEGIN SELECT RAISE(ABORT, 'only a draft product can be edited'); END;
CREATE TRIGGER product_embeds_fixed_insert BEFORE INSERT ON product_embeds
WHEN (SELECT state FROM products WHERE id = NEW.product_id) NOT IN ('draft')
BEGIN SELECT RAISE(ABORT, 'only a draft product can be edited'); END;
CREATE TRIGGER product_embeds_fixed_delete BEFORE DELETE ON product_embeds
WHEN (SELECT state FROM products WHERE id = OLD.product_id) NOT IN ('draft')
BEGIN SELECT RAISE(ABORT, 'only a draft product can be edited'); END;
CREATE TRIGGER product_gaps_fixed_insert BEFORE INSERT ON product_gaps
WHEN (SELECT state FROM products WHERE id = NEW.product_id) NOT IN ('draft')
BEGIN SELECT RAISE(ABORT, 'only a draft product can be edited'); END;
CREATE TRIGGER product_gaps_fixed_delete BEFORE DELETE ON product_gaps
WHEN (SELECT state FROM products WHERE id = OLD.product_id) NOT IN ('draft')
BEGIN SELECT RAISE(ABORT, 'only a draft product can be edited'); END;
CREATE TRIGGER product_recommendations_fixed_insert BEFORE INSERT ON product_recommendations
WHEN (SELECT state FROM products WHERE id = NEW.product_id) NOT IN ('draft')
BEGIN SELECT RAISE(ABORT, 'only a draft product can be edited'); END;
CREATE TRIGGER product_recommendations_fixed_delete BEFORE DELETE ON product_recommendations
WHEN (SELECT state FROM products WHERE id = OLD.product_id) NOT IN ('draft')
BEGIN SELECT RAISE(ABORT, 'only a draft product can be edited'); END;

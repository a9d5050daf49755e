-- Saved searches: a person's named queries (the query as JSON, never results).
CREATE TABLE saved_searches (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    name       TEXT NOT NULL,
    query      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (user_id, name)
) STRICT;

-- My work: evaluated reports still without sanitised wording.
CREATE INDEX reports_unsanitised ON reports(status) WHERE sanitised_text IS NULL;
-- Recent activity per person.
CREATE INDEX audit_log_actor ON audit_log(actor, seq);

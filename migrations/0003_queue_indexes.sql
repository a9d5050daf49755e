-- My work at scale: counting a queue and picking its most urgent items read
-- these covering indexes only, never the (large, encrypted) report rows.
DROP INDEX reports_unsanitised;
CREATE INDEX reports_queue ON reports(status, marking, priority);
CREATE INDEX reports_unsanitised_queue ON reports(status, marking, priority) WHERE sanitised_text IS NULL;

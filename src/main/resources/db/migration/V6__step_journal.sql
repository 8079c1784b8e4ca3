-- Every adapter step that reached its external system, once per idempotency key: with the dead letters, it is
-- where an event went (GET /v1/events/{source}/{eventId}).
CREATE TABLE step_journal (
    idempotency_key VARCHAR(512) PRIMARY KEY,
    event_id VARCHAR(255),
    step VARCHAR(128) NOT NULL,
    adapter_id VARCHAR(64) NOT NULL,
    correlation_id VARCHAR(128),
    outcome VARCHAR(32) NOT NULL,
    at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX step_journal_correlation ON step_journal (correlation_id);
CREATE INDEX step_journal_event ON step_journal (event_id);

-- Camel's JDBC idempotent repository (orphan-lock aware): one row per adapter step already done or in progress.
-- messageId is wider than Camel's default: it holds the event id and the step.
CREATE TABLE camel_messageprocessed (
    processorName VARCHAR(255) NOT NULL,
    messageId VARCHAR(512) NOT NULL,
    createdAt TIMESTAMP NOT NULL,
    PRIMARY KEY (processorName, messageId)
);

-- Messages an adapter gave up on, exactly as they entered the failed step; also published to integration.dlq.
CREATE TABLE dead_letter (
    id VARCHAR(36) PRIMARY KEY,
    adapter_id VARCHAR(64) NOT NULL,
    route_id VARCHAR(128) NOT NULL,
    step VARCHAR(128) NOT NULL,
    event_id VARCHAR(255),
    idempotency_key VARCHAR(512),
    correlation_id VARCHAR(128),
    body BYTEA,
    headers TEXT NOT NULL,
    error_type VARCHAR(64) NOT NULL,
    error_message VARCHAR(1000),
    attempts INTEGER NOT NULL,
    first_attempt TIMESTAMP WITH TIME ZONE NOT NULL,
    last_attempt TIMESTAMP WITH TIME ZONE NOT NULL,
    status VARCHAR(16) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    replayed_at TIMESTAMP WITH TIME ZONE,
    replay_outcome VARCHAR(1000),
    acted_by VARCHAR(128)
);
CREATE INDEX dead_letter_adapter_status ON dead_letter (adapter_id, status, created_at);

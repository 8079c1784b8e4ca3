-- One row per received event: the dedup claim (in_flight until Kafka acknowledged, then stored) and the receipt.
CREATE TABLE webhook_receipt (
    source VARCHAR(64) NOT NULL,
    event_id VARCHAR(255) NOT NULL,
    status VARCHAR(16) NOT NULL,
    tenant VARCHAR(64),
    correlation_id VARCHAR(128),
    received_at TIMESTAMP WITH TIME ZONE NOT NULL,
    claimed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    topic VARCHAR(255),
    kafka_partition INTEGER,
    kafka_offset BIGINT,
    stored_at TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (source, event_id)
);

-- Bucket4j's state for the per-source rate limits, shared by all replicas.
CREATE TABLE rate_limit_bucket (
    id VARCHAR(255) PRIMARY KEY,
    state BYTEA
);

-- Ledgers of the simulated external systems (the sandbox), apart from the hub's own tables: what a real system
-- received survives a crash of the hub, so tests of crashes read these afterwards.
-- Runs unchanged on PostgreSQL and on H2 in PostgreSQL mode.

-- Every call a simulated system received, failed ones included.
CREATE TABLE sandbox_request (
    system_name VARCHAR(16) PRIMARY KEY,
    requests BIGINT NOT NULL
);

INSERT INTO sandbox_request (system_name, requests) VALUES ('sales', 0), ('erp', 0), ('esign', 0);

-- One row per effect, keyed by the caller's idempotency key; result is what the effect answered (JSON), so a
-- repeated key gets the same answer and no second effect.
CREATE TABLE sandbox_effect (
    system_name VARCHAR(16) NOT NULL,
    idempotency_key VARCHAR(255) NOT NULL,
    operation VARCHAR(64) NOT NULL,
    reference VARCHAR(255),
    result TEXT NOT NULL,
    recorded_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (system_name, idempotency_key)
);

CREATE INDEX sandbox_effect_operation ON sandbox_effect (system_name, operation);

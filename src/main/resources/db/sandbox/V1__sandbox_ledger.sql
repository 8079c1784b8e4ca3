-- Ledgers of the simulated external systems (the sandbox), apart from the hub's own tables: what a real system
-- received survives a crash of the hub, so tests of crashes read these afterwards. Migrated only where
-- hub.sandbox.enabled (SandboxSchema), with a history of its own (flyway_sandbox_history).
-- Databases migrated before the sandbox had its own location already hold these tables (the hub's V3), hence
-- "if not exists" throughout. Runs unchanged on PostgreSQL and on H2 in PostgreSQL mode.

-- Every call a simulated system received, failed ones included.
CREATE TABLE IF NOT EXISTS sandbox_request (
    system_name VARCHAR(16) PRIMARY KEY,
    requests BIGINT NOT NULL
);

INSERT INTO sandbox_request (system_name, requests)
SELECT s.system_name, 0
FROM (VALUES ('sales'), ('erp'), ('esign')) AS s (system_name)
WHERE NOT EXISTS (SELECT 1 FROM sandbox_request r WHERE r.system_name = s.system_name);

-- One row per effect, keyed by the caller's idempotency key; result is what the effect answered (JSON), so a
-- repeated key gets the same answer and no second effect.
CREATE TABLE IF NOT EXISTS sandbox_effect (
    system_name VARCHAR(16) NOT NULL,
    idempotency_key VARCHAR(255) NOT NULL,
    operation VARCHAR(64) NOT NULL,
    reference VARCHAR(255),
    result TEXT NOT NULL,
    recorded_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (system_name, idempotency_key)
);

CREATE INDEX IF NOT EXISTS sandbox_effect_operation ON sandbox_effect (system_name, operation);

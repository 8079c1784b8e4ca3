-- Runs unchanged on PostgreSQL and on H2 in PostgreSQL mode (the embedded default).
-- A record of every hub instance that started against this database: shows which replicas share it.
CREATE TABLE hub_instance (
    instance_id VARCHAR(64) PRIMARY KEY,
    started_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Event history (GET /v1/events), replay and bulk jobs, retention. Runs unchanged on PostgreSQL and on H2 in
-- PostgreSQL mode.

-- The event's type, from its scheme (the Kafka header event-type), and a tenant for every receipt.
ALTER TABLE webhook_receipt ADD COLUMN event_type VARCHAR(128);
UPDATE webhook_receipt SET tenant = 'default' WHERE tenant IS NULL;

-- Newest first with keyset paging over (received_at, source, event_id): one index per filter that can stand alone,
-- each ending in the paging order, so a filtered page reads only its own rows however many receipts there are.
CREATE INDEX webhook_receipt_received ON webhook_receipt (received_at, source, event_id);
CREATE INDEX webhook_receipt_source_received ON webhook_receipt (source, received_at, event_id);
CREATE INDEX webhook_receipt_source_type_received ON webhook_receipt (source, event_type, received_at, event_id);
CREATE INDEX webhook_receipt_type_received ON webhook_receipt (event_type, received_at, source, event_id);
CREATE INDEX webhook_receipt_status_received ON webhook_receipt (status, received_at, source, event_id);
CREATE INDEX webhook_receipt_tenant_received ON webhook_receipt (tenant, received_at, source, event_id);
CREATE INDEX webhook_receipt_correlation ON webhook_receipt (correlation_id);

-- Retention purges journal entries and settled dead letters by age.
CREATE INDEX step_journal_at ON step_journal (at);
CREATE INDEX dead_letter_settled ON dead_letter (status, acted_at);

-- Background jobs (replays of history, bulk dead-letter replays). The replica running one holds a lease on its row
-- and renews it; a job whose lease ran out is taken over by another replica, which resumes from progress.
CREATE TABLE hub_job (
    id VARCHAR(36) PRIMARY KEY,
    kind VARCHAR(32) NOT NULL,
    status VARCHAR(16) NOT NULL,
    tenant VARCHAR(64) NOT NULL,
    request TEXT NOT NULL,
    progress TEXT,
    total BIGINT,
    done BIGINT NOT NULL,
    failed BIGINT NOT NULL,
    created_by VARCHAR(128) NOT NULL,
    started_at TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at TIMESTAMP WITH TIME ZONE,
    owner VARCHAR(128),
    lease_until TIMESTAMP WITH TIME ZONE,
    error VARCHAR(1000)
);
CREATE INDEX hub_job_status ON hub_job (status, lease_until);
CREATE INDEX hub_job_started ON hub_job (started_at, id);

-- Named locks shared by the replicas: a row per task that one replica at a time may do (the retention purge), or
-- whose check-then-insert must not interleave (starting a replay job).
CREATE TABLE hub_lease (
    name VARCHAR(64) PRIMARY KEY,
    owner VARCHAR(128),
    lease_until TIMESTAMP WITH TIME ZONE
);
INSERT INTO hub_lease (name) VALUES ('retention'), ('job-submit');

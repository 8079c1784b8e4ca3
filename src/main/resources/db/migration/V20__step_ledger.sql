-- The step ledger (ARCHITECTURE.md, "Guarantees"): one row per adapter step key, in_progress (owner replica and a
-- lease by the database's clock) or done (kept for hub.steps.retention). Absent means the step may run.
-- Runs unchanged on PostgreSQL and on H2 in PostgreSQL mode.
CREATE TABLE step_ledger (
    step_key VARCHAR(512) PRIMARY KEY,
    state VARCHAR(16) NOT NULL,
    owner VARCHAR(128),
    lease_until TIMESTAMP WITH TIME ZONE,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Renewal finds a replica's own steps in progress; done rows have no owner, so renewal never reads them.
CREATE INDEX step_ledger_owner ON step_ledger (owner);
-- The purge finds done rows past their retention.
CREATE INDEX step_ledger_state_updated ON step_ledger (state, updated_at);

-- Camel's repository kept done and in-progress keys alike and could not tell them apart: a key it held was either
-- done or about to be (its lock being refreshed). Taken as done: a step is never run twice; one that had not finished
-- is what the old repository would also have skipped.
INSERT INTO step_ledger (step_key, state, owner, lease_until, updated_at)
SELECT messageId, 'done', NULL, NULL, CURRENT_TIMESTAMP FROM camel_messageprocessed WHERE processorName = 'hub-adapters';

DROP TABLE camel_messageprocessed;

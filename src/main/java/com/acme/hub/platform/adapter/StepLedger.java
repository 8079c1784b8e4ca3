package com.acme.hub.platform.adapter;

import com.acme.hub.platform.flow.KafkaFlowPause;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The step ledger of ARCHITECTURE.md ("Guarantees"), shared by all replicas through the database, behind Camel's
 * {@code idempotentConsumer} EIP. A key is absent (the step may run), {@code in_progress} (one replica runs it, under a
 * lease that replica keeps renewing) or {@code done} (never run again until purged after the retention).
 *
 * <p>Hand-written because Camel's JDBC repositories (4.17) cannot tell a step in progress from one done: their orphan
 * lock is refreshed only while the writing JVM lives, so a done step is forgotten after a restart, every key ever taken
 * is refreshed, and a live lock makes another replica skip a step that is not done. Every time here is the
 * database's, so replicas with drifting clocks agree on whose lease is live.
 */
public final class StepLedger extends ServiceSupport implements IdempotentRepository {

    private static final Logger LOG = LoggerFactory.getLogger(StepLedger.class);

    static final String IN_PROGRESS = "in_progress";
    static final String DONE = "done";

    /** An interval of n milliseconds, in SQL both PostgreSQL and H2 (PostgreSQL mode) understand. */
    private static final String MILLIS = "CAST(:millis AS BIGINT) * INTERVAL '0.001' SECOND";

    private final JdbcClient jdbc;
    private final String owner;
    private final Duration lease;
    /** Keys this replica holds in progress: all that renewal touches. */
    private final Set<String> held = ConcurrentHashMap.newKeySet();

    public StepLedger(JdbcClient jdbc, String owner, Duration lease) {
        this.jdbc = jdbc;
        this.owner = owner;
        this.lease = lease;
    }

    public String owner() {
        return owner;
    }

    /**
     * Takes the key for this replica: a new key, or one whose lease ran out (the replica holding it died), taken over
     * by compare-and-set so exactly one replica wins.
     *
     * @return false for a step already done (the EIP skips it)
     * @throws StepInProgress another replica holds a live lease: the step is retried later, never skipped
     * @throws AdapterCallException.SourcePaused the same, for an event read from Kafka: its consumer pauses for the
     *     rest of the lease instead of holding the event
     */
    @Override
    public boolean add(Exchange exchange, String key) {
        while (true) {
            int inserted = jdbc.sql("INSERT INTO step_ledger (step_key, state, owner, lease_until, updated_at) "
                            + "VALUES (:key, 'in_progress', :owner, CURRENT_TIMESTAMP + " + MILLIS
                            + ", CURRENT_TIMESTAMP) ON CONFLICT DO NOTHING")
                    .param("key", key)
                    .param("owner", owner)
                    .param("millis", lease.toMillis())
                    .update();
            if (inserted == 1 || takeOver(key)) {
                held.add(key);
                if (exchange != null) {
                    // A wait set by an earlier try must not delay the step's own redeliveries.
                    exchange.getMessage().removeHeader(Exchange.REDELIVERY_DELAY);
                }
                return true;
            }
            List<Entry> found = jdbc.sql("SELECT state, owner, "
                            + "EXTRACT(EPOCH FROM (lease_until - CURRENT_TIMESTAMP)) * 1000 AS left_millis "
                            + "FROM step_ledger WHERE step_key = :key")
                    .param("key", key)
                    .query(Entry.class)
                    .list();
            if (found.isEmpty()) {
                // Released or purged between the two statements: try to take it again.
                continue;
            }
            Entry entry = found.get(0);
            if (DONE.equals(entry.state())) {
                return false;
            }
            if (entry.leftMillis() == null || entry.leftMillis() <= 0) {
                // Expired between the two statements: take it over.
                continue;
            }
            long wait = Math.max(100, entry.leftMillis().longValue());
            if (exchange == null) {
                throw new StepInProgress(key, entry.owner(), Duration.ofMillis(wait));
            }
            long until = System.nanoTime() + wait * 1_000_000;
            if (KafkaFlowPause.pauseSource(exchange, () -> System.nanoTime() >= until)) {
                throw new AdapterCallException.SourcePaused(
                        "step " + key + " is in progress at another replica: the event's consumer pauses");
            }
            exchange.getMessage().setHeader(Exchange.REDELIVERY_DELAY, wait);
            throw new StepInProgress(key, entry.owner(), Duration.ofMillis(wait));
        }
    }

    @Override
    public boolean add(String key) {
        return add(null, key);
    }

    private boolean takeOver(String key) {
        int taken = jdbc.sql("UPDATE step_ledger SET owner = :owner, lease_until = CURRENT_TIMESTAMP + " + MILLIS
                        + ", updated_at = CURRENT_TIMESTAMP "
                        + "WHERE step_key = :key AND state = 'in_progress' AND lease_until < CURRENT_TIMESTAMP")
                .param("owner", owner)
                .param("millis", lease.toMillis())
                .param("key", key)
                .update();
        if (taken == 1) {
            LOG.info("Took over step {} whose lease had expired", key);
        }
        return taken == 1;
    }

    /** Whether the step is known at all, done or in progress (the EIP asks only when not eager). */
    @Override
    public boolean contains(String key) {
        return jdbc.sql("SELECT count(*) FROM step_ledger WHERE step_key = :key")
                        .param("key", key)
                        .query(Integer.class)
                        .single()
                > 0;
    }

    /**
     * A failed step that will be retried or dead-lettered gives its key back, so it can run again. Only this
     * replica's own lease is released: a done step, or a lease another replica took over, stays.
     */
    @Override
    public boolean remove(String key) {
        held.remove(key);
        return jdbc.sql("DELETE FROM step_ledger WHERE step_key = :key AND state = 'in_progress' AND owner = :owner")
                        .param("key", key)
                        .param("owner", owner)
                        .update()
                == 1;
    }

    /** The step succeeded: done, whoever holds the lease by now, and no longer renewed. */
    @Override
    public boolean confirm(String key) {
        held.remove(key);
        return jdbc.sql("UPDATE step_ledger SET state = 'done', owner = NULL, lease_until = NULL, "
                                + "updated_at = CURRENT_TIMESTAMP WHERE step_key = :key")
                        .param("key", key)
                        .update()
                == 1;
    }

    /** Steps done are forgotten only by the retention purge: every replica relies on them. */
    @Override
    public void clear() {
        throw new UnsupportedOperationException(
                "the step ledger is shared by all replicas; done steps are purged after hub.steps.retention");
    }

    /**
     * Extends the lease of each step this replica holds in progress; the work is proportional to those, not to the
     * steps ever done. A lease another replica took over in the meantime is left alone.
     *
     * @return rows renewed
     */
    public int renew() {
        int renewed = 0;
        for (String key : held) {
            renewed += jdbc.sql("UPDATE step_ledger SET lease_until = CURRENT_TIMESTAMP + " + MILLIS
                            + " WHERE step_key = :key AND state = 'in_progress' AND owner = :owner")
                    .param("millis", lease.toMillis())
                    .param("key", key)
                    .param("owner", owner)
                    .update();
        }
        return renewed;
    }

    /**
     * Deletes done steps older than {@code retention}, {@code batch} rows per statement so no statement holds many
     * locks; steps in progress are never purged.
     *
     * @return rows deleted
     */
    public int purge(Duration retention, int batch) {
        int total = 0;
        int deleted;
        do {
            deleted = jdbc.sql("DELETE FROM step_ledger WHERE step_key IN (SELECT step_key FROM step_ledger "
                            + "WHERE state = 'done' AND updated_at < CURRENT_TIMESTAMP - " + MILLIS
                            + " LIMIT :batch)")
                    .param("millis", retention.toMillis())
                    .param("batch", batch)
                    .update();
            total += deleted;
        } while (deleted == batch);
        return total;
    }

    @Override
    protected void doStart() {}

    @Override
    protected void doStop() {}

    private record Entry(String state, String owner, Double leftMillis) {}

    /** Another replica runs this step under a live lease: try again once it may have ended. */
    public static final class StepInProgress extends RuntimeException {
        private final Duration wait;

        StepInProgress(String key, String holder, Duration wait) {
            super(
                    "step " + key + " is in progress at " + holder + " for up to " + wait.toMillis() + " ms more",
                    null,
                    false,
                    false);
            this.wait = wait;
        }

        public Duration retryAfter() {
            return wait;
        }
    }
}

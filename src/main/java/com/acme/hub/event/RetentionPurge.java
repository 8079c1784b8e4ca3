package com.acme.hub.event;

import com.acme.hub.platform.HubProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Deletes history older than {@code hub.retention.*}: receipts, journal entries, and dead letters already replayed or
 * discarded (pending ones stay, however old). One replica at a time: each run first takes the {@code retention} lease
 * row for one interval, so the replicas together purge once per interval. Deletes go in batches of
 * {@code batch-size} rows, each its own short statement, so a large backlog never holds long locks on tables the
 * ingress writes to. Counted in {@code hub_retention_purged_total{table}}.
 *
 * <p>The step ledger ({@code hub.steps.retention}) is purged by the ledger itself.
 */
@Component
class RetentionPurge implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionPurge.class);

    private final JdbcClient jdbc;
    private final HubProperties.Retention settings;
    private final Replica replica;
    private final Clock clock;
    private final MeterRegistry meters;
    private ScheduledExecutorService scheduler;

    RetentionPurge(JdbcClient jdbc, HubProperties properties, Replica replica, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.settings = properties.retention();
        this.replica = replica;
        this.clock = clock;
        this.meters = meters;
    }

    /** Purges if no other replica did within the last interval. */
    void runOnce() {
        Instant now = clock.instant();
        if (!takeLease(now)) {
            return;
        }
        Map<String, Long> purged = purge(now);
        if (purged.values().stream().anyMatch(n -> n > 0)) {
            LOG.info("Retention purged {}", purged);
        }
    }

    boolean takeLease(Instant now) {
        return jdbc.sql("UPDATE hub_lease SET owner = ?, lease_until = ? WHERE name = 'retention'"
                                + " AND (lease_until IS NULL OR lease_until <= ?)")
                        .params(replica.id(), Timestamp.from(now.plus(settings.interval())), Timestamp.from(now))
                        .update()
                == 1;
    }

    /** Deletes what is older than the settings as of {@code now}; answers the rows deleted per table. */
    Map<String, Long> purge(Instant now) {
        Map<String, Long> purged = new LinkedHashMap<>();
        purged.put(
                "webhook_receipt",
                batches(
                        "webhook_receipt",
                        "DELETE FROM webhook_receipt WHERE (source, event_id) IN (SELECT source, event_id"
                                + " FROM webhook_receipt WHERE received_at < ? LIMIT ?)",
                        now.minus(settings.receipts())));
        purged.put(
                "step_journal",
                batches(
                        "step_journal",
                        "DELETE FROM step_journal WHERE idempotency_key IN (SELECT idempotency_key FROM step_journal"
                                + " WHERE at < ? LIMIT ?)",
                        now.minus(settings.journal())));
        purged.put(
                "dead_letter",
                batches(
                        "dead_letter",
                        "DELETE FROM dead_letter WHERE id IN (SELECT id FROM dead_letter"
                                + " WHERE status IN ('replayed', 'discarded') AND acted_at < ? LIMIT ?)",
                        now.minus(settings.deadLetters())));
        return purged;
    }

    private long batches(String table, String delete, Instant before) {
        Counter counter = Counter.builder("hub.retention.purged")
                .description("Rows deleted by the retention purge")
                .tag("table", table)
                .register(meters);
        long total = 0;
        int deleted;
        do {
            deleted = jdbc.sql(delete)
                    .params(Timestamp.from(before), settings.batchSize())
                    .update();
            total += deleted;
            counter.increment(deleted);
        } while (deleted == settings.batchSize());
        return total;
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "retention-purge");
            thread.setDaemon(true);
            return thread;
        });
        long every = settings.interval().toMillis();
        scheduler.scheduleWithFixedDelay(
                () -> {
                    try {
                        runOnce();
                    } catch (RuntimeException e) {
                        LOG.warn("Retention purge failed: {}", e.getMessage());
                    }
                },
                every,
                every,
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}

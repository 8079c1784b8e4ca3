package com.acme.hub.webhook;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Marks claims as stored once Kafka acknowledged their events, off the request path and many in one transaction.
 *
 * <p>After the acknowledgement the event is accepted whatever happens here: a mark that cannot be written stays
 * pending and is written again until the database takes it (the repair), while this replica answers copies of the
 * event "duplicate" from the pending marks. The claim row written before publishing is what other replicas see in
 * the meantime: a copy there is answered 409 until the mark lands. A replica that dies with marks pending leaves
 * claims in flight, which expire like those of a replica that died before the acknowledgement.
 *
 * <p>Hand-written rather than a Camel aggregator: the marks must stay readable (duplicates, receipts) until they
 * are in the database, and a failed batch must be retried as a whole, not dead-lettered.
 */
class StoredMarks implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(StoredMarks.class);
    private static final int MAX_BATCH = 500;
    private static final Duration FIRST_RETRY = Duration.ofMillis(200);
    private static final Duration LAST_RETRY = Duration.ofSeconds(10);

    record Mark(String source, String eventId, String topic, int partition, long offset, Instant storedAt) {}

    private record Key(String source, String eventId) {}

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Map<Key, Mark> pending = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<Mark> queue = new LinkedBlockingQueue<>();
    private volatile Thread writer;
    private volatile boolean running;

    StoredMarks(JdbcTemplate jdbc, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    void add(Mark mark) {
        pending.put(new Key(mark.source(), mark.eventId()), mark);
        queue.add(mark);
    }

    /** @return the mark of an event acknowledged by Kafka whose receipt is not in the database yet */
    Optional<Mark> pending(String source, String eventId) {
        return Optional.ofNullable(pending.get(new Key(source, eventId)));
    }

    int backlog() {
        return pending.size();
    }

    private void run() {
        Duration retry = FIRST_RETRY;
        List<Mark> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                if (batch.isEmpty()) {
                    Mark first = queue.poll(100, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                }
                queue.drainTo(batch, MAX_BATCH - batch.size());
                write(batch);
                batch.forEach(mark -> pending.remove(new Key(mark.source(), mark.eventId()), mark));
                batch.clear();
                retry = FIRST_RETRY;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // The batch stays as it is and is written again: the events are in Kafka, only the receipts wait.
                LOG.warn(
                        "Could not record {} webhook receipts, retrying in {} ms: {}",
                        batch.size(),
                        retry.toMillis(),
                        e.getMessage());
                if (!pause(retry)) {
                    return;
                }
                retry = retry.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : retry.multipliedBy(2);
            }
        }
    }

    private void write(List<Mark> batch) {
        transaction.executeWithoutResult(status -> jdbc.batchUpdate(
                "UPDATE webhook_receipt SET status = 'stored', topic = ?, kafka_partition = ?, kafka_offset = ?,"
                        + " stored_at = ? WHERE source = ? AND event_id = ?",
                batch,
                batch.size(),
                (statement, mark) -> {
                    statement.setString(1, mark.topic());
                    statement.setInt(2, mark.partition());
                    statement.setLong(3, mark.offset());
                    statement.setTimestamp(4, Timestamp.from(mark.storedAt()));
                    statement.setString(5, mark.source());
                    statement.setString(6, mark.eventId());
                }));
    }

    private boolean pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
            return running;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void start() {
        running = true;
        writer = new Thread(this::run, "webhook-stored-marks");
        writer.setDaemon(true);
        writer.start();
    }

    /** Writes what is queued before the database goes away, for as long as a graceful shutdown waits. */
    @Override
    public void stop() {
        running = false;
        Thread thread = writer;
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!pending.isEmpty()) {
            LOG.warn(
                    "{} webhook receipts not recorded at shutdown: their claims expire and a copy is published again",
                    pending.size());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after the web server's graceful shutdown (the last marks come from its last requests). */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }
}

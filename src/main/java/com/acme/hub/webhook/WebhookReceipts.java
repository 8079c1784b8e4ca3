package com.acme.hub.webhook;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The dedup claims and receipts of webhook events, shared by all replicas through the database.
 *
 * <p>Camel's idempotent repositories only know "seen or not"; the ingress needs three states (new, still being
 * stored: 409, stored: 200 duplicate) and the Kafka coordinates for the receipt, hence this small table of its own.
 */
@Repository
class WebhookReceipts {

    enum Claim {
        /** This request owns the event and must store it. */
        CLAIMED,
        /** Stored before: answer duplicate, publish nothing. */
        STORED,
        /** Another request is storing it right now. */
        IN_FLIGHT
    }

    record Receipt(
            String source,
            String eventId,
            String status,
            String tenant,
            String correlationId,
            Instant receivedAt,
            String topic,
            Integer partition,
            Long offset,
            Instant storedAt) {}

    private final JdbcTemplate jdbc;
    private final StoredMarks marks;

    WebhookReceipts(JdbcTemplate jdbc, StoredMarks marks) {
        this.jdbc = jdbc;
        this.marks = marks;
    }

    Claim claim(String source, String eventId, String tenant, String correlationId, Instant now, Duration staleAfter) {
        if (marks.pending(source, eventId).isPresent()) {
            // Acknowledged by Kafka here, its receipt not written yet: a copy, never a claim to take over.
            return Claim.STORED;
        }
        Claim claim = claimInDatabase(source, eventId, tenant, correlationId, now, staleAfter);
        return claim == Claim.IN_FLIGHT && marks.pending(source, eventId).isPresent() ? Claim.STORED : claim;
    }

    private Claim claimInDatabase(
            String source, String eventId, String tenant, String correlationId, Instant now, Duration staleAfter) {
        Timestamp at = Timestamp.from(now);
        int inserted = jdbc.update(
                "INSERT INTO webhook_receipt (source, event_id, status, tenant, correlation_id, received_at, claimed_at)"
                        + " VALUES (?, ?, 'in_flight', ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                source,
                eventId,
                tenant,
                correlationId,
                at,
                at);
        if (inserted == 1) {
            return Claim.CLAIMED;
        }
        // The first copy's replica may have died between claiming and storing: its claim expires.
        int takenOver = jdbc.update(
                "UPDATE webhook_receipt SET claimed_at = ?, correlation_id = ?"
                        + " WHERE source = ? AND event_id = ? AND status = 'in_flight' AND claimed_at < ?",
                at,
                correlationId,
                source,
                eventId,
                Timestamp.from(now.minus(staleAfter)));
        if (takenOver == 1) {
            return Claim.CLAIMED;
        }
        List<String> status = jdbc.queryForList(
                "SELECT status FROM webhook_receipt WHERE source = ? AND event_id = ?", String.class, source, eventId);
        if (status.isEmpty()) {
            // Released between our insert and our read: the sender's retry will find it free.
            return Claim.IN_FLIGHT;
        }
        return "stored".equals(status.get(0)) ? Claim.STORED : Claim.IN_FLIGHT;
    }

    /** Forgets a claim whose event was not stored, so that the sender's retry is accepted, not called duplicate. */
    void release(String source, String eventId) {
        jdbc.update(
                "DELETE FROM webhook_receipt WHERE source = ? AND event_id = ? AND status = 'in_flight'",
                source,
                eventId);
    }

    /** The receipt as this replica knows it: a mark still waiting for the database counts as stored. */
    Optional<Receipt> find(String source, String eventId) {
        Optional<Receipt> stored = findInDatabase(source, eventId);
        Optional<StoredMarks.Mark> pending = marks.pending(source, eventId);
        if (stored.isEmpty() || pending.isEmpty()) {
            return stored;
        }
        Receipt receipt = stored.get();
        StoredMarks.Mark mark = pending.get();
        return Optional.of(new Receipt(
                receipt.source(),
                receipt.eventId(),
                "stored",
                receipt.tenant(),
                receipt.correlationId(),
                receipt.receivedAt(),
                mark.topic(),
                mark.partition(),
                mark.offset(),
                mark.storedAt()));
    }

    private Optional<Receipt> findInDatabase(String source, String eventId) {
        return jdbc
                .query(
                        "SELECT source, event_id, status, tenant, correlation_id, received_at, topic, kafka_partition,"
                                + " kafka_offset, stored_at FROM webhook_receipt WHERE source = ? AND event_id = ?",
                        (rs, row) -> new Receipt(
                                rs.getString(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getString(5),
                                rs.getTimestamp(6).toInstant(),
                                rs.getString(7),
                                (Integer) rs.getObject(8),
                                rs.getObject(9) == null ? null : rs.getLong(9),
                                rs.getTimestamp(10) == null
                                        ? null
                                        : rs.getTimestamp(10).toInstant()),
                        source,
                        eventId)
                .stream()
                .findFirst();
    }
}

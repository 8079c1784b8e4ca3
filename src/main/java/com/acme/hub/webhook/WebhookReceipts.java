package com.acme.hub.webhook;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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

    private final JdbcTemplate jdbc;
    private final StoredMarks marks;

    WebhookReceipts(JdbcTemplate jdbc, StoredMarks marks) {
        this.jdbc = jdbc;
        this.marks = marks;
    }

    Claim claim(
            String source,
            String eventId,
            String eventType,
            String tenant,
            String correlationId,
            Instant now,
            Duration staleAfter) {
        if (marks.pending(source, eventId).isPresent()) {
            // Acknowledged by Kafka here, its receipt not written yet: a copy, never a claim to take over.
            return Claim.STORED;
        }
        Claim claim = claimInDatabase(source, eventId, eventType, tenant, correlationId, now, staleAfter);
        return claim == Claim.IN_FLIGHT && marks.pending(source, eventId).isPresent() ? Claim.STORED : claim;
    }

    private Claim claimInDatabase(
            String source,
            String eventId,
            String eventType,
            String tenant,
            String correlationId,
            Instant now,
            Duration staleAfter) {
        Timestamp at = Timestamp.from(now);
        int inserted = jdbc.update(
                "INSERT INTO webhook_receipt (source, event_id, event_type, status, tenant, correlation_id, received_at,"
                        + " claimed_at) VALUES (?, ?, ?, 'in_flight', ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                source,
                eventId,
                eventType,
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
}

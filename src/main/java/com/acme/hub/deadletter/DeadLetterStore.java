package com.acme.hub.deadletter;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The dead-letter table: what an adapter gave up on, waiting for an operator. */
@Repository
class DeadLetterStore {

    record DeadLetter(
            String id,
            String adapterId,
            String routeId,
            String step,
            String eventId,
            String idempotencyKey,
            String correlationId,
            byte[] body,
            String headers,
            String errorType,
            String errorMessage,
            int attempts,
            Instant firstAttempt,
            Instant lastAttempt) {}

    private final JdbcTemplate jdbc;

    DeadLetterStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void insert(DeadLetter letter, Instant now) {
        jdbc.update(
                "INSERT INTO dead_letter (id, adapter_id, route_id, step, event_id, idempotency_key, correlation_id,"
                        + " body, headers, error_type, error_message, attempts, first_attempt, last_attempt, status,"
                        + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)",
                letter.id(),
                letter.adapterId(),
                letter.routeId(),
                letter.step(),
                letter.eventId(),
                letter.idempotencyKey(),
                letter.correlationId(),
                letter.body(),
                letter.headers(),
                letter.errorType(),
                letter.errorMessage(),
                letter.attempts(),
                Timestamp.from(letter.firstAttempt()),
                Timestamp.from(letter.lastAttempt()),
                Timestamp.from(now));
    }

    void delete(String id) {
        jdbc.update("DELETE FROM dead_letter WHERE id = ?", id);
    }

    long pending(String adapterId) {
        Long count = jdbc.queryForObject(
                "SELECT count(*) FROM dead_letter WHERE adapter_id = ? AND status = 'pending'", Long.class, adapterId);
        return count == null ? 0 : count;
    }
}

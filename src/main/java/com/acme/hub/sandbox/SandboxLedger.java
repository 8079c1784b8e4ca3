package com.acme.hub.sandbox;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.context.annotation.DependsOn;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What each simulated system received, in the database: a counter of calls and one effect per idempotency key. The
 * database, not a map, decides which of two concurrent calls with the same key wins (the primary key), so replicas of
 * the hub that share a database share one simulated system, as they would share the real one.
 */
@Component
@SandboxEnabled
@DependsOn("sandboxSchema")
class SandboxLedger {

    /** One effect: {@code result} is the JSON the effect answered with, replayed for a repeated key. */
    record Effect(String idempotencyKey, String operation, String reference, String result, Instant at) {}

    /** The effect stored for a key, and whether this call was the one that made it. */
    record Recorded(Effect effect, boolean created) {}

    private final JdbcTemplate jdbc;

    SandboxLedger(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void countRequest(SandboxSystem system) {
        jdbc.update("UPDATE sandbox_request SET requests = requests + 1 WHERE system_name = ?", system.id());
    }

    long requests(SandboxSystem system) {
        List<Long> counts = jdbc.queryForList(
                "SELECT requests FROM sandbox_request WHERE system_name = ?", Long.class, system.id());
        return counts.isEmpty() ? 0 : counts.get(0);
    }

    /**
     * Records the effect unless the key already has one. {@code result} is only evaluated when no effect exists yet,
     * but a concurrent call may still win the insert: then its result is the one returned, so both callers see the
     * same answer.
     */
    Recorded record(
            SandboxSystem system, String idempotencyKey, String operation, String reference, Supplier<String> result) {
        Optional<Effect> existing = find(system, idempotencyKey);
        if (existing.isPresent()) {
            return new Recorded(existing.get(), false);
        }
        int inserted = jdbc.update(
                "INSERT INTO sandbox_effect (system_name, idempotency_key, operation, reference, result, recorded_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                system.id(),
                idempotencyKey,
                operation,
                reference,
                result.get(),
                OffsetDateTime.now(ZoneOffset.UTC));
        Effect effect = find(system, idempotencyKey)
                .orElseThrow(() -> new IllegalStateException("sandbox effect vanished after insert"));
        return new Recorded(effect, inserted == 1);
    }

    Optional<Effect> find(SandboxSystem system, String idempotencyKey) {
        return jdbc
                .query(
                        "SELECT idempotency_key, operation, reference, result, recorded_at FROM sandbox_effect"
                                + " WHERE system_name = ? AND idempotency_key = ?",
                        (rs, row) -> effect(rs),
                        system.id(),
                        idempotencyKey)
                .stream()
                .findFirst();
    }

    List<Effect> effects(SandboxSystem system) {
        return jdbc.query(
                "SELECT idempotency_key, operation, reference, result, recorded_at FROM sandbox_effect"
                        + " WHERE system_name = ? ORDER BY recorded_at, idempotency_key",
                (rs, row) -> effect(rs),
                system.id());
    }

    List<Effect> effects(SandboxSystem system, String operation) {
        return jdbc.query(
                "SELECT idempotency_key, operation, reference, result, recorded_at FROM sandbox_effect"
                        + " WHERE system_name = ? AND operation = ? ORDER BY recorded_at, idempotency_key",
                (rs, row) -> effect(rs),
                system.id(),
                operation);
    }

    void reset(SandboxSystem system) {
        jdbc.update("DELETE FROM sandbox_effect WHERE system_name = ?", system.id());
        jdbc.update("UPDATE sandbox_request SET requests = 0 WHERE system_name = ?", system.id());
    }

    private static Effect effect(java.sql.ResultSet rs) throws java.sql.SQLException {
        Timestamp at = rs.getTimestamp("recorded_at");
        return new Effect(
                rs.getString("idempotency_key"),
                rs.getString("operation"),
                rs.getString("reference"),
                rs.getString("result"),
                at.toInstant());
    }
}

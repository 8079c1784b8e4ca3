package com.acme.hub.deadletter;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The dead-letter table: what an adapter gave up on, waiting for an operator. A letter is {@code pending} until an
 * operator replays it ({@code replaying} while the replay runs, then {@code replayed}, or {@code pending} again if the
 * step failed again) or discards it ({@code discarded}); nothing is ever deleted, so the table is also the record.
 */
@Repository
class DeadLetterStore {

    static final String PENDING = "pending";
    static final String REPLAYING = "replaying";
    static final String REPLAYED = "replayed";
    static final String DISCARDED = "discarded";
    static final List<String> STATUSES = List.of(PENDING, REPLAYING, REPLAYED, DISCARDED);

    /** A new letter, as the dead-letter channel writes it. */
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

    /** A stored letter with its state; body and headers are null in listings. */
    record Letter(
            DeadLetter content,
            String status,
            Instant createdAt,
            Instant replayedAt,
            String replayOutcome,
            String actedBy,
            Instant actedAt) {

        String id() {
            return content.id();
        }
    }

    /** What a listing or a bulk replay selects; null fields do not filter. Times bound {@code created_at}. */
    record Filter(String adapterId, String errorType, String status, Instant since, Instant until) {}

    /** A position in a listing: the last letter of the previous page. */
    record Cursor(Instant createdAt, String id) {}

    private static final String SUMMARY_COLUMNS = "id, adapter_id, route_id, step, event_id, idempotency_key,"
            + " correlation_id, error_type, error_message, attempts, first_attempt, last_attempt, status, created_at,"
            + " replayed_at, replay_outcome, acted_by, acted_at";

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

    /** Every adapter id that has letters, whatever their status. */
    List<String> adapterIds() {
        return jdbc.queryForList("SELECT DISTINCT adapter_id FROM dead_letter", String.class);
    }

    /** One letter with its message (body and headers). */
    Optional<Letter> find(String id) {
        return jdbc
                .query(
                        "SELECT " + SUMMARY_COLUMNS + ", body, headers FROM dead_letter WHERE id = ?",
                        (rs, row) -> letter(rs, true),
                        id)
                .stream()
                .findFirst();
    }

    /**
     * A page of letters without their messages, newest first (oldest first for {@code oldestFirst}), after the
     * cursor.
     */
    List<Letter> list(Filter filter, Cursor after, int limit, boolean oldestFirst) {
        StringBuilder sql = new StringBuilder("SELECT " + SUMMARY_COLUMNS + " FROM dead_letter WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        where(filter, sql, args);
        if (after != null) {
            String beyond = oldestFirst ? ">" : "<";
            sql.append(" AND (created_at ")
                    .append(beyond)
                    .append(" ? OR (created_at = ? AND id ")
                    .append(beyond)
                    .append(" ?))");
            args.add(Timestamp.from(after.createdAt()));
            args.add(Timestamp.from(after.createdAt()));
            args.add(after.id());
        }
        String direction = oldestFirst ? "ASC" : "DESC";
        sql.append(" ORDER BY created_at ")
                .append(direction)
                .append(", id ")
                .append(direction)
                .append(" LIMIT ?");
        args.add(limit);
        return jdbc.query(sql.toString(), (rs, row) -> letter(rs, false), args.toArray());
    }

    /**
     * Takes a pending letter for a replay, atomically: of two replays of one letter only one gets it. A letter left
     * {@code replaying} since before {@code staleBefore} belonged to a replica that died mid-replay, and is taken over.
     */
    boolean claim(String id, String actor, Instant now, Instant staleBefore) {
        return jdbc.update(
                        "UPDATE dead_letter SET status = 'replaying', acted_by = ?, acted_at = ? WHERE id = ?"
                                + " AND (status = 'pending' OR (status = 'replaying' AND acted_at < ?))",
                        actor,
                        Timestamp.from(now),
                        id,
                        Timestamp.from(staleBefore))
                == 1;
    }

    /** The replay went through: the letter is done. */
    boolean replayed(String id, String outcome, Instant now) {
        return jdbc.update(
                        "UPDATE dead_letter SET status = 'replayed', replayed_at = ?, replay_outcome = ?"
                                + " WHERE id = ? AND status = 'replaying'",
                        Timestamp.from(now),
                        outcome,
                        id)
                == 1;
    }

    /** The replay failed before the step could record why: the letter waits again, as it was. */
    boolean release(String id, String outcome, Instant now) {
        return jdbc.update(
                        "UPDATE dead_letter SET status = 'pending', replayed_at = ?, replay_outcome = ?"
                                + " WHERE id = ? AND status = 'replaying'",
                        Timestamp.from(now),
                        outcome,
                        id)
                == 1;
    }

    /**
     * The step failed again on a replay and gave up: the letter waits again, with this failure as its error and the
     * replay's calls added to its attempts.
     */
    boolean failedAgain(
            String id,
            String errorType,
            String errorMessage,
            int moreAttempts,
            Instant lastAttempt,
            String outcome,
            Instant now) {
        return jdbc.update(
                        "UPDATE dead_letter SET status = 'pending', error_type = ?, error_message = ?,"
                                + " attempts = attempts + ?, last_attempt = ?, replayed_at = ?, replay_outcome = ?"
                                + " WHERE id = ? AND status = 'replaying'",
                        errorType,
                        errorMessage,
                        moreAttempts,
                        Timestamp.from(lastAttempt),
                        Timestamp.from(now),
                        outcome,
                        id)
                == 1;
    }

    /** Puts back the error of a letter whose renewed failure could not be published, so store and topic agree. */
    void restoreError(DeadLetter before, String outcome) {
        jdbc.update(
                "UPDATE dead_letter SET error_type = ?, error_message = ?, attempts = ?, last_attempt = ?,"
                        + " replay_outcome = ? WHERE id = ?",
                before.errorType(),
                before.errorMessage(),
                before.attempts(),
                Timestamp.from(before.lastAttempt()),
                outcome,
                before.id());
    }

    /** Discards a pending letter; it stays in the table for the record. */
    boolean discard(String id, String actor, Instant now) {
        return jdbc.update(
                        "UPDATE dead_letter SET status = 'discarded', acted_by = ?, acted_at = ?"
                                + " WHERE id = ? AND status = 'pending'",
                        actor,
                        Timestamp.from(now),
                        id)
                == 1;
    }

    private static void where(Filter filter, StringBuilder sql, List<Object> args) {
        if (filter.adapterId() != null) {
            sql.append(" AND adapter_id = ?");
            args.add(filter.adapterId());
        }
        if (filter.errorType() != null) {
            sql.append(" AND error_type = ?");
            args.add(filter.errorType());
        }
        if (filter.status() != null) {
            sql.append(" AND status = ?");
            args.add(filter.status());
        }
        if (filter.since() != null) {
            sql.append(" AND created_at >= ?");
            args.add(Timestamp.from(filter.since()));
        }
        if (filter.until() != null) {
            sql.append(" AND created_at < ?");
            args.add(Timestamp.from(filter.until()));
        }
    }

    private static Letter letter(ResultSet rs, boolean withMessage) throws SQLException {
        DeadLetter content = new DeadLetter(
                rs.getString("id"),
                rs.getString("adapter_id"),
                rs.getString("route_id"),
                rs.getString("step"),
                rs.getString("event_id"),
                rs.getString("idempotency_key"),
                rs.getString("correlation_id"),
                withMessage ? rs.getBytes("body") : null,
                withMessage ? rs.getString("headers") : null,
                rs.getString("error_type"),
                rs.getString("error_message"),
                rs.getInt("attempts"),
                instant(rs, "first_attempt"),
                instant(rs, "last_attempt"));
        return new Letter(
                content,
                rs.getString("status"),
                instant(rs, "created_at"),
                instant(rs, "replayed_at"),
                rs.getString("replay_outcome"),
                rs.getString("acted_by"),
                instant(rs, "acted_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp at = rs.getTimestamp(column);
        return at == null ? null : at.toInstant();
    }
}

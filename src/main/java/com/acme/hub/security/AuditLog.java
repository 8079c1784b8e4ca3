package com.acme.hub.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Table {@code audit_log}: who did what to what, and when. Written in the caller's transaction, so an action and its
 * audit entry are committed together or not at all.
 */
@Repository
public class AuditLog {

    private final JdbcTemplate jdbc;
    private final ObjectMapper mapper;
    private final Clock clock;

    AuditLog(JdbcTemplate jdbc, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.mapper = mapper;
        this.clock = Clock.systemUTC();
    }

    /**
     * @param actor the credential's name (an API key's name, or the console user)
     * @param action what was done, {@code <object>.<verb>}: {@code dead-letter.replay}, {@code api-key.create}
     * @param target what it was done to: a dead letter's id, a key's name, a bulk replay's filter
     * @param outcome how it ended, e.g. {@code delivered}, {@code failed}, {@code discarded}
     * @param details anything else worth keeping, as JSON
     */
    public void record(String actor, String action, String target, String outcome, Map<String, ?> details) {
        jdbc.update(
                "INSERT INTO audit_log (occurred_at, actor, action, target, outcome, details) VALUES (?, ?, ?, ?, ?, ?)",
                Timestamp.from(clock.instant()),
                actor,
                action,
                target,
                outcome,
                json(details));
    }

    private String json(Map<String, ?> details) {
        try {
            return details == null || details.isEmpty() ? null : mapper.writeValueAsString(details);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("audit details are not serialisable", e);
        }
    }
}

package com.acme.hub.event;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Where an event went after it was stored: the adapter steps it reached (step_journal) and where it stopped (the
 * dead letters). Found by the event's id and by its correlation id, which the flows carry on to the events that
 * follow from it (the ERP's answer, the signed contract's callback).
 */
@Repository
class EventTrail {

    private final JdbcTemplate jdbc;

    EventTrail(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    List<Map<String, Object>> steps(String eventId, String correlationId) {
        return jdbc.query(
                "SELECT step, adapter_id, event_id, idempotency_key, outcome, at FROM step_journal"
                        + " WHERE event_id = ? OR correlation_id = ? ORDER BY at, step",
                (row, n) -> {
                    Map<String, Object> step = new LinkedHashMap<>();
                    step.put("step", row.getString("step"));
                    step.put("adapterId", row.getString("adapter_id"));
                    step.put("eventId", row.getString("event_id"));
                    step.put("idempotencyKey", row.getString("idempotency_key"));
                    step.put("outcome", row.getString("outcome"));
                    step.put("at", instant(row, "at"));
                    return step;
                },
                eventId,
                correlationId);
    }

    List<Map<String, Object>> deadLetters(String eventId, String correlationId) {
        return jdbc.query(
                "SELECT id, adapter_id, step, error_type, status, created_at FROM dead_letter"
                        + " WHERE event_id = ? OR correlation_id = ? ORDER BY created_at, id",
                (row, n) -> {
                    Map<String, Object> letter = new LinkedHashMap<>();
                    letter.put("id", row.getString("id"));
                    letter.put("adapterId", row.getString("adapter_id"));
                    letter.put("step", row.getString("step"));
                    letter.put("errorType", row.getString("error_type"));
                    letter.put("status", row.getString("status"));
                    letter.put("at", instant(row, "created_at"));
                    return letter;
                },
                eventId,
                correlationId);
    }

    private static String instant(ResultSet row, String column) throws SQLException {
        var at = row.getTimestamp(column);
        return at == null ? null : at.toInstant().toString();
    }
}

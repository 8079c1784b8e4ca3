package com.acme.hub.event;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The receipts of received events as history: searched newest first, or found one by one. */
@Repository
class EventStore {

    record Receipt(
            String source,
            String eventId,
            String type,
            String status,
            String tenant,
            String correlationId,
            Instant receivedAt,
            String topic,
            Integer partition,
            Long offset,
            Instant storedAt) {}

    private static final String COLUMNS = "source, event_id, event_type, status, tenant, correlation_id, received_at,"
            + " topic, kafka_partition, kafka_offset, stored_at";

    private final JdbcClient jdbc;

    EventStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * One page, newest first. The cursor's condition is written so that its first part bounds {@code received_at}
     * in whichever index the filter picks; a plain row comparison would only be used by the index whose columns it
     * names in order.
     */
    List<Receipt> search(EventQuery.Filter filter, EventQuery.Cursor cursor, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM webhook_receipt WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        condition(sql, params, " AND source = ?", filter.source());
        condition(sql, params, " AND event_type = ?", filter.type());
        condition(sql, params, " AND status = ?", filter.status());
        condition(sql, params, " AND received_at >= ?", timestamp(filter.since()));
        condition(sql, params, " AND received_at < ?", timestamp(filter.until()));
        condition(sql, params, " AND correlation_id = ?", filter.correlationId());
        if (cursor != null) {
            Timestamp at = Timestamp.from(cursor.receivedAt());
            sql.append(" AND received_at <= ? AND (received_at < ? OR source < ? OR (source = ? AND event_id < ?))");
            params.addAll(List.of(at, at, cursor.source(), cursor.source(), cursor.eventId()));
        }
        sql.append(" ORDER BY received_at DESC, source DESC, event_id DESC LIMIT ?");
        params.add(limit);
        return jdbc.sql(sql.toString())
                .params(params)
                .query(EventStore::receipt)
                .list();
    }

    Optional<Receipt> find(String source, String eventId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM webhook_receipt WHERE source = ? AND event_id = ?")
                .params(source, eventId)
                .query(EventStore::receipt)
                .optional();
    }

    private static void condition(StringBuilder sql, List<Object> params, String clause, Object value) {
        if (value != null) {
            sql.append(clause);
            params.add(value);
        }
    }

    private static Timestamp timestamp(Instant at) {
        return at == null ? null : Timestamp.from(at);
    }

    private static Receipt receipt(ResultSet rs, int row) throws SQLException {
        Timestamp stored = rs.getTimestamp("stored_at");
        long offset = rs.getLong("kafka_offset");
        boolean noOffset = rs.wasNull();
        int partition = rs.getInt("kafka_partition");
        boolean noPartition = rs.wasNull();
        return new Receipt(
                rs.getString("source"),
                rs.getString("event_id"),
                rs.getString("event_type"),
                rs.getString("status"),
                rs.getString("tenant"),
                rs.getString("correlation_id"),
                rs.getTimestamp("received_at").toInstant(),
                rs.getString("topic"),
                noPartition ? null : partition,
                noOffset ? null : offset,
                stored == null ? null : stored.toInstant());
    }
}

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

/**
 * The job rows. Every change of a running job is a compare-and-set on its owner and status, so a replica that lost its
 * lease (or a cancelled job) cannot write over what the new owner or the operator did.
 */
@Repository
class JobStore {

    private static final String COLUMNS = "id, kind, status, tenant, request, progress, total, done, failed,"
            + " created_by, started_at, finished_at, owner, lease_until, error";

    private final JdbcClient jdbc;

    JobStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Job job) {
        jdbc.sql("INSERT INTO hub_job (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        job.id(),
                        job.kind(),
                        job.status(),
                        job.tenant(),
                        job.request(),
                        job.progress(),
                        job.total(),
                        job.done(),
                        job.failed(),
                        job.createdBy(),
                        ts(job.startedAt()),
                        ts(job.finishedAt()),
                        job.owner(),
                        ts(job.leaseUntil()),
                        job.error())
                .update();
    }

    Optional<Job> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM hub_job WHERE id = ?")
                .param(id)
                .query(JobStore::job)
                .optional();
    }

    /** Newest first, keyset paging over (started_at, id). */
    List<Job> list(String kind, String status, Instant beforeStarted, String beforeId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM hub_job WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (kind != null) {
            sql.append(" AND kind = ?");
            params.add(kind);
        }
        if (status != null) {
            sql.append(" AND status = ?");
            params.add(status);
        }
        if (beforeStarted != null) {
            sql.append(" AND (started_at < ? OR (started_at = ? AND id < ?))");
            params.addAll(List.of(ts(beforeStarted), ts(beforeStarted), beforeId));
        }
        sql.append(" ORDER BY started_at DESC, id DESC LIMIT ?");
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params).query(JobStore::job).list();
    }

    List<Job> running(String kind) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM hub_job WHERE status = 'running' AND kind = ?")
                .param(kind)
                .query(JobStore::job)
                .list();
    }

    /** Running jobs nobody holds: their replica died or shut down. */
    List<String> orphaned(Instant now, int limit) {
        return jdbc.sql("SELECT id FROM hub_job WHERE status = 'running' AND (lease_until IS NULL OR lease_until < ?)"
                        + " ORDER BY started_at LIMIT ?")
                .params(ts(now), limit)
                .query(String.class)
                .list();
    }

    boolean takeOver(String id, String owner, Instant now, Instant leaseUntil) {
        return jdbc.sql("UPDATE hub_job SET owner = ?, lease_until = ? WHERE id = ? AND status = 'running'"
                                + " AND (lease_until IS NULL OR lease_until < ?)")
                        .params(owner, ts(leaseUntil), id, ts(now))
                        .update()
                == 1;
    }

    boolean renew(String id, String owner, Instant leaseUntil) {
        return jdbc.sql("UPDATE hub_job SET lease_until = ? WHERE id = ? AND owner = ? AND status = 'running'")
                        .params(ts(leaseUntil), id, owner)
                        .update()
                == 1;
    }

    boolean checkpoint(String id, String owner, String progress, long done, long failed, Instant leaseUntil) {
        return jdbc.sql("UPDATE hub_job SET progress = ?, done = ?, failed = ?, lease_until = ?"
                                + " WHERE id = ? AND owner = ? AND status = 'running'")
                        .params(progress, done, failed, ts(leaseUntil), id, owner)
                        .update()
                == 1;
    }

    void total(String id, String owner, long total) {
        jdbc.sql("UPDATE hub_job SET total = ? WHERE id = ? AND owner = ? AND status = 'running'")
                .params(total, id, owner)
                .update();
    }

    boolean finish(String id, String owner, String status, String error, Instant at) {
        return jdbc.sql("UPDATE hub_job SET status = ?, error = ?, finished_at = ?, lease_until = NULL"
                                + " WHERE id = ? AND owner = ? AND status = 'running'")
                        .params(status, error, ts(at), id, owner)
                        .update()
                == 1;
    }

    boolean cancel(String id, Instant at) {
        return jdbc.sql("UPDATE hub_job SET status = 'cancelled', finished_at = ?, lease_until = NULL"
                                + " WHERE id = ? AND status = 'running'")
                        .params(ts(at), id)
                        .update()
                == 1;
    }

    /** Holds the named lock row until the surrounding transaction ends. */
    void lock(String name) {
        jdbc.sql("SELECT name FROM hub_lease WHERE name = ? FOR UPDATE")
                .param(name)
                .query(String.class)
                .list();
    }

    private static Timestamp ts(Instant at) {
        return at == null ? null : Timestamp.from(at);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp at = rs.getTimestamp(column);
        return at == null ? null : at.toInstant();
    }

    private static Job job(ResultSet rs, int row) throws SQLException {
        long total = rs.getLong("total");
        boolean noTotal = rs.wasNull();
        return new Job(
                rs.getString("id"),
                rs.getString("kind"),
                rs.getString("status"),
                rs.getString("tenant"),
                rs.getString("request"),
                rs.getString("progress"),
                noTotal ? null : total,
                rs.getLong("done"),
                rs.getLong("failed"),
                rs.getString("created_by"),
                instant(rs, "started_at"),
                instant(rs, "finished_at"),
                rs.getString("owner"),
                instant(rs, "lease_until"),
                rs.getString("error"));
    }
}

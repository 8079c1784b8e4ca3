package com.acme.hub.event;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A background job's row (ARCHITECTURE.md, "Events": {@code GET /v1/jobs/{id}}).
 *
 * @param status running, done, failed or cancelled
 * @param request what was asked, as JSON
 * @param progress the last checkpoint, as JSON (the handler's own)
 * @param owner the replica running it; it holds the job until {@code leaseUntil}
 */
public record Job(
        String id,
        String kind,
        String status,
        String tenant,
        String request,
        String progress,
        Long total,
        long done,
        long failed,
        String createdBy,
        Instant startedAt,
        Instant finishedAt,
        String owner,
        Instant leaseUntil,
        String error) {

    public static final String RUNNING = "running";
    public static final String DONE = "done";
    public static final String FAILED = "failed";
    public static final String CANCELLED = "cancelled";

    /** The job as the API answers it. */
    public Map<String, Object> view() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", id);
        view.put("kind", kind);
        view.put("status", status);
        view.put("total", total);
        view.put("done", done);
        view.put("failed", failed);
        view.put("startedAt", startedAt.toString());
        view.put("finishedAt", finishedAt == null ? null : finishedAt.toString());
        view.put("createdBy", createdBy);
        view.put("tenant", tenant);
        view.put("error", error);
        return view;
    }
}

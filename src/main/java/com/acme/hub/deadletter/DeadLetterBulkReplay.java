package com.acme.hub.deadletter;

import com.acme.hub.event.Job;
import com.acme.hub.event.JobExecution;
import com.acme.hub.event.JobHandler;
import com.acme.hub.event.Jobs;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * A bulk replay of dead letters as a job ({@code POST /v1/dead-letters/replay} answers 202 with it), so a thousand
 * letters at an adapter's 10 per second do not hold an HTTP request for minutes. Progress is the number of letters
 * taken up; a replica that resumes the job selects the still-pending letters again, up to what is left of the limit.
 * Counted as done: replayed, already done, or no longer pending; as failed: failed again or not tried (open
 * circuit, step not running here).
 */
@Component
class DeadLetterBulkReplay implements JobHandler {

    static final String KIND = "dead-letter-replay";

    /** What was asked: the listing's filter (pending letters only), the limit, and the request as audited. */
    record Request(String adapterId, String errorType, Instant since, Instant until, int limit, String target) {}

    private final DeadLetterReplayer replayer;
    private final DeadLetterStore store;
    private final Jobs jobs;

    DeadLetterBulkReplay(DeadLetterReplayer replayer, DeadLetterStore store, @Lazy Jobs jobs) {
        this.replayer = replayer;
        this.store = store;
        this.jobs = jobs;
    }

    Job start(DeadLetterStore.Filter filter, int limit, String actor, String target) {
        Request request =
                new Request(filter.adapterId(), filter.errorType(), filter.since(), filter.until(), limit, target);
        return jobs.submit(KIND, "default", actor, request, running -> false);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public void run(JobExecution execution) {
        Request request = execution.request(Request.class);
        DeadLetterStore.Filter pending = new DeadLetterStore.Filter(
                request.adapterId(), request.errorType(), DeadLetterStore.PENDING, request.since(), request.until());
        JsonNode progress = execution.progress();
        Counts counts = new Counts(
                progress == null ? 0 : progress.path("processed").asInt(), execution.done(), execution.failed());
        if (progress == null) {
            execution.total(store.list(pending, null, request.limit(), true).size());
        }
        int left = request.limit() - counts.processed;
        if (left <= 0) {
            return;
        }
        replayer.replayAll(pending, left, execution.actor(), request.target(), execution::active, item -> {
            synchronized (counts) {
                counts.processed++;
                if (item.outcome().startsWith("failed") || item.outcome().startsWith("not-tried")) {
                    counts.failed++;
                } else {
                    counts.done++;
                }
                execution.checkpoint(Map.of("processed", counts.processed), counts.done, counts.failed);
            }
        });
    }

    private static final class Counts {
        int processed;
        long done;
        long failed;

        Counts(int processed, long done, long failed) {
            this.processed = processed;
            this.done = done;
            this.failed = failed;
        }
    }
}

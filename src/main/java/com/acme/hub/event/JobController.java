package com.acme.hub.event;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /v1/jobs}: the background jobs (replays of history, bulk dead-letter replays), newest first; cancel one. */
@RestController
@RequestMapping("/v1/jobs")
class JobController {

    private static final Set<String> KNOWN = Set.of("kind", "status", "limit", "cursor");
    private static final Set<String> STATUSES = Set.of(Job.RUNNING, Job.DONE, Job.FAILED, Job.CANCELLED);

    private final Jobs jobs;

    JobController(Jobs jobs) {
        this.jobs = jobs;
    }

    @GetMapping
    Map<String, Object> list(@RequestParam Map<String, String> params) {
        for (String name : params.keySet()) {
            if (!KNOWN.contains(name)) {
                throw EventApiException.invalid(name, "unknown parameter; known: cursor, kind, limit, status");
            }
        }
        String status = params.get("status");
        if (status != null && !STATUSES.contains(status)) {
            throw EventApiException.invalid("status", "one of running, done, failed, cancelled");
        }
        int limit = EventQuery.limit(params);
        Instant beforeStarted = null;
        String beforeId = null;
        if (params.get("cursor") != null) {
            try {
                String[] cursor = new String(
                                Base64.getUrlDecoder().decode(params.get("cursor")), StandardCharsets.UTF_8)
                        .split("\n", 2);
                beforeStarted = Instant.parse(cursor[0]);
                beforeId = cursor[1];
            } catch (IllegalArgumentException | DateTimeParseException | ArrayIndexOutOfBoundsException e) {
                throw EventApiException.invalid("cursor", "not a cursor this API gave out");
            }
        }
        List<Job> found = jobs.list(params.get("kind"), status, beforeStarted, beforeId, limit + 1);
        List<Job> page = found.subList(0, Math.min(limit, found.size()));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("items", page.stream().map(Job::view).toList());
        Job last = page.isEmpty() ? null : page.get(page.size() - 1);
        answer.put(
                "nextCursor",
                found.size() > limit
                        ? Base64.getUrlEncoder()
                                .withoutPadding()
                                .encodeToString((last.startedAt() + "\n" + last.id()).getBytes(StandardCharsets.UTF_8))
                        : null);
        return answer;
    }

    @GetMapping("/{id}")
    Map<String, Object> get(@PathVariable String id) {
        return jobs.find(id).map(Job::view).orElseThrow(() -> notFound(id));
    }

    /** Cancels a running job; what it did so far stays done. */
    @DeleteMapping("/{id}")
    Map<String, Object> cancel(@PathVariable String id) {
        Job job = jobs.find(id).orElseThrow(() -> notFound(id));
        if (!jobs.cancel(id)) {
            Job now = jobs.find(id).orElse(job);
            throw new EventApiException(
                    409,
                    "JOB_NOT_RUNNING",
                    "Only a running job can be cancelled; this one is " + now.status(),
                    Map.of("id", id, "status", now.status()));
        }
        return jobs.find(id).orElseThrow().view();
    }

    private static EventApiException notFound(String id) {
        return new EventApiException(404, "JOB_NOT_FOUND", "No job with this id", Map.of("id", id));
    }
}

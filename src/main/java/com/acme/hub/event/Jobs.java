package com.acme.hub.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Background jobs shared by all replicas: a job is a row, started here and run by whichever replica holds its lease
 * ({@link JobRunner}); its progress is in the row, so it outlives the replica that began it.
 */
@Service
public class Jobs {

    private final JobStore store;
    private final JobRunner runner;
    // A template, not @Transactional: the job must be committed before this replica starts running it.
    private final TransactionTemplate transaction;
    private final ObjectMapper mapper;
    private final Clock clock;

    Jobs(JobStore store, JobRunner runner, TransactionTemplate transaction, ObjectMapper mapper, Clock clock) {
        this.store = store;
        this.runner = runner;
        this.transaction = transaction;
        this.mapper = mapper;
        this.clock = clock;
    }

    /**
     * Records a job and starts it on this replica (or, when this one is busy, on the first replica with room).
     *
     * @param conflicts true for a running job of the same kind that this one must not run beside
     * @throws JobConflictException when {@code conflicts} matched a running job; nothing was recorded
     */
    public Job submit(String kind, String tenant, String actor, Object request, Predicate<Job> conflicts) {
        String json;
        try {
            json = mapper.writeValueAsString(request);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the job's request cannot be written", e);
        }
        Instant now = clock.instant();
        Job job = new Job(
                UUID.randomUUID().toString(),
                kind,
                Job.RUNNING,
                tenant,
                json,
                null,
                null,
                0,
                0,
                actor,
                now,
                null,
                null,
                null,
                null);
        transaction.executeWithoutResult(status -> {
            // One submission at a time across replicas, so two conflicting jobs cannot both pass the check.
            store.lock("job-submit");
            store.running(kind).stream().filter(conflicts).findFirst().ifPresent(running -> {
                throw new JobConflictException(running);
            });
            store.insert(job);
        });
        runner.tryStart(job.id());
        return job;
    }

    public Optional<Job> find(String id) {
        return store.find(id);
    }

    List<Job> list(String kind, String status, Instant beforeStarted, String beforeId, int limit) {
        return store.list(kind, status, beforeStarted, beforeId, limit);
    }

    /** Cancels a running job: its runner stops at its next checkpoint. False when it was not running. */
    public boolean cancel(String id) {
        return store.cancel(id, clock.instant());
    }

    /** The request of a job, as its handler will read it. */
    public <T> T request(Job job, Class<T> type) {
        try {
            return mapper.readValue(job.request(), type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("job " + job.id() + " has an unreadable request", e);
        }
    }
}

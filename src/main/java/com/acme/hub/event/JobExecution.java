package com.acme.hub.event;

import com.fasterxml.jackson.databind.JsonNode;

/** One run of a job on this replica, as its handler sees it. */
public interface JobExecution {

    String id();

    /** Who started the job. */
    String actor();

    /** What the job was asked to do, as submitted. */
    <T> T request(Class<T> type);

    /** What an earlier run saved with {@link #checkpoint}; null for a job that never saved any. */
    JsonNode progress();

    long done();

    long failed();

    /** Records how much there is to do, once known. */
    void total(long total);

    /**
     * Saves progress and the counts, and renews this replica's lease on the job. False means stop now: the job was
     * cancelled, or its lease ran out and another replica took it over.
     */
    boolean checkpoint(Object progress, long done, long failed);

    /** False once the job is cancelled, taken over, or this replica is shutting down. */
    boolean active();
}

package com.acme.hub.event;

/**
 * Runs the jobs of one kind. A handler must be able to start a job over from its last checkpoint on any replica: the
 * replica that began it may have died, and another resumes it from the progress it saved.
 */
public interface JobHandler {

    /** The kind of job this runs, e.g. {@code event-replay}. */
    String kind();

    /**
     * Runs the job (or the rest of it) to its end. Returning normally marks it done, unless it was cancelled or taken
     * over meanwhile; an exception marks it failed.
     */
    void run(JobExecution execution) throws Exception;
}

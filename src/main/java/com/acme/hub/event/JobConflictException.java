package com.acme.hub.event;

/** A job was refused because a running one already covers the same work. */
public final class JobConflictException extends RuntimeException {

    private final Job running;

    JobConflictException(Job running) {
        super("job " + running.id() + " is already running over that work", null, false, false);
        this.running = running;
    }

    public Job running() {
        return running;
    }
}

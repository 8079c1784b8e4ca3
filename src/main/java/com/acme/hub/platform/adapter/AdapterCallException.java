package com.acme.hub.platform.adapter;

/**
 * A call to an external system that did not succeed, with the contract's error type. {@link Retryable} failures
 * (connection errors, timeouts, 5xx, 429) are redelivered with backoff; {@link Rejected} ones (other 4xx,
 * validation) go to the dead letters at once and do not count against the circuit breaker.
 */
public abstract sealed class AdapterCallException extends RuntimeException {

    private final String errorType;

    AdapterCallException(String errorType, String message) {
        super(message, null, false, false);
        this.errorType = errorType;
    }

    public String errorType() {
        return errorType;
    }

    public static final class Retryable extends AdapterCallException {
        public Retryable(String errorType, String message) {
            super(errorType, message);
        }
    }

    public static final class Rejected extends AdapterCallException {
        public Rejected(String errorType, String message) {
            super(errorType, message);
        }
    }

    /** The circuit is open: nothing was sent, and no retry is used up waiting for it. */
    public static final class CircuitOpen extends AdapterCallException {
        public CircuitOpen(String message) {
            super("circuit_open", message);
        }
    }
}

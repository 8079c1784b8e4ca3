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

    /** The error type of an HTTP answer that is not a success: 429 rate limited, 5xx and 408 the system's, else ours. */
    public static String httpErrorType(int status) {
        if (status == 429) {
            return "rate_limited";
        }
        return status >= 500 || status == 408 ? "server_error" : "client_error";
    }

    /**
     * Whether this exception, not its causes, says a call timed out. By name: HTTP clients and the AMQP client each
     * have their own timeout exceptions, with no common type.
     */
    public static boolean isTimeout(Throwable error) {
        String name = error.getClass().getSimpleName();
        return name.contains("Timeout") || name.contains("TimedOut");
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

    /**
     * The circuit is open and the event's Kafka consumer pauses until it half-opens: the event fails back to the
     * consumer as it is, neither retried nor dead-lettered here, and is read again when the consumer resumes.
     */
    public static final class SourcePaused extends AdapterCallException {
        public SourcePaused(String message) {
            super("circuit_open", message);
        }
    }

    /** The circuit is open: nothing was sent, and no retry is used up waiting for it. */
    public static final class CircuitOpen extends AdapterCallException {
        public CircuitOpen(String message) {
            super("circuit_open", message);
        }
    }
}

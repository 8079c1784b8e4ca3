package com.acme.hub.platform.adapter;

import com.acme.hub.platform.HubProperties;
import com.acme.hub.platform.flow.KafkaFlowPause;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.apache.camel.Exchange;

/** One adapter at run time: its settings, its circuit breaker and its metrics. */
public final class AdapterRuntime {

    public static final String ADAPTER_ID = "hubAdapterId";
    public static final String STEP = "hubAdapterStep";
    /** The message exactly as it entered the step: what a dead letter keeps and a replay sends again. */
    public static final String STEP_INPUT = "hubAdapterStepInput";

    /** The {@link Attempts} of the current step. */
    public static final String ATTEMPTS = "hubAdapterAttempts";

    /**
     * Real calls made for one step. Mutable on purpose: the circuitBreaker EIP runs its children on a copy of the
     * exchange and does not copy properties back when the call fails, but the copy shares this object.
     */
    public static final class Attempts {
        private int count;
        private Instant first;
        private Instant last;
        private long startedNanos;
        private long retryAfterMillis;

        public synchronized int count() {
            return count;
        }

        public synchronized Instant first() {
            return first;
        }

        public synchronized Instant last() {
            return last;
        }

        synchronized void started(Instant now) {
            count++;
            if (first == null) {
                first = now;
            }
            last = now;
            startedNanos = System.nanoTime();
        }

        /** A wait the external system asked for (429 Retry-After), used once by the next redelivery. */
        synchronized void retryAfter(long millis) {
            retryAfterMillis = millis;
        }

        synchronized long takeRetryAfter() {
            long millis = retryAfterMillis;
            retryAfterMillis = 0;
            return millis;
        }

        synchronized Duration took() {
            return startedNanos == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - startedNanos);
        }
    }

    private final String id;
    private final HubProperties.Adapter settings;
    private final CircuitBreaker breaker;
    private final AdapterMetrics metrics;
    private final AdapterRateLimits rateLimits;
    private final Clock clock;
    private volatile Instant openedAt = Instant.EPOCH;

    AdapterRuntime(
            String id,
            HubProperties.Adapter settings,
            CircuitBreaker breaker,
            AdapterMetrics metrics,
            AdapterRateLimits rateLimits,
            Clock clock) {
        this.id = id;
        this.settings = settings;
        this.breaker = breaker;
        this.metrics = metrics;
        this.rateLimits = rateLimits;
        this.clock = clock;
        breaker.getEventPublisher().onStateTransition(event -> {
            if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                openedAt = clock.instant();
            }
        });
    }

    public String id() {
        return id;
    }

    public HubProperties.Adapter settings() {
        return settings;
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    public AdapterMetrics metrics() {
        return metrics;
    }

    /** The URI scheme of this adapter's own HTTP component. */
    public String httpScheme() {
        return id + "-http";
    }

    /** Name under which the circuit breaker is bound in Camel's registry for the circuitBreaker EIP. */
    public String breakerBean() {
        return id + "CircuitBreaker";
    }

    /** Waits for the adapter's rate limit, which all replicas share. */
    void throttle(Exchange exchange) throws InterruptedException {
        rateLimits.acquire(id, settings.rateLimit());
    }

    /**
     * Before each attempt: an open circuit sends nothing. An event read from Kafka pauses its consumer until the
     * circuit half-opens (the consumer keeps its place in the group); any other message waits out the rest of the
     * open wait (a redelivery that does not count as an attempt).
     */
    void beforeCall(Exchange exchange) {
        if (exchange.getProperty(ATTEMPTS) == null) {
            exchange.setProperty(ATTEMPTS, new Attempts());
        }
        exchange.getMessage().removeHeader(Exchange.REDELIVERY_DELAY);
        if (breaker.getState() == CircuitBreaker.State.OPEN) {
            metrics.error("circuit_open");
            if (KafkaFlowPause.pauseSource(exchange, () -> breaker.getState() != CircuitBreaker.State.OPEN)) {
                throw new AdapterCallException.SourcePaused(
                        "circuit of " + id + " is open: the event's consumer pauses until it half-opens");
            }
            Duration left = settings.circuitBreaker().openWait().minus(Duration.between(openedAt, clock.instant()));
            exchange.getMessage().setHeader(Exchange.REDELIVERY_DELAY, Math.max(100, left.toMillis()));
            throw new AdapterCallException.CircuitOpen("circuit of " + id + " is open");
        }
    }

    /** Counted inside the circuit breaker, just before the request leaves: only real calls are attempts. */
    void attempt(Exchange exchange) {
        attempts(exchange).started(clock.instant());
    }

    /** A call the external system took (for adapters without a status code of their own, a label). */
    public void succeeded(Exchange exchange, String status) {
        metrics.call(status, took(exchange));
    }

    /** Records a failed call and returns the exception that tells the error handler what to do with it. */
    AdapterCallException failed(Exchange exchange, String status, AdapterCallException failure) {
        metrics.call(status, took(exchange));
        metrics.error(failure.errorType());
        return failure;
    }

    /** Runs when a call failed, before the error handler picks the delay of the next attempt. */
    void beforeRedelivery(Exchange exchange) {
        long wait = attempts(exchange).takeRetryAfter();
        if (wait > 0) {
            exchange.getMessage().setHeader(Exchange.REDELIVERY_DELAY, wait);
        }
    }

    boolean attemptsLeft(Exchange exchange) {
        return attempts(exchange).count() < settings.retry().maxAttempts();
    }

    /** The attempts so far; none when the step failed before its first call. */
    public static Attempts attempts(Exchange exchange) {
        Attempts attempts = exchange.getProperty(ATTEMPTS, Attempts.class);
        return attempts == null ? new Attempts() : attempts;
    }

    private static Duration took(Exchange exchange) {
        return attempts(exchange).took();
    }
}

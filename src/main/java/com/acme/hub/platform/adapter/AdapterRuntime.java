package com.acme.hub.platform.adapter;

import com.acme.hub.platform.HubProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.apache.camel.Exchange;

/** One adapter at run time: its settings, its circuit breaker and its metrics. */
public final class AdapterRuntime {

    public static final String ADAPTER_ID = "hubAdapterId";
    public static final String STEP = "hubAdapterStep";
    public static final String ATTEMPTS = "hubAdapterAttempts";
    public static final String FIRST_ATTEMPT = "hubAdapterFirstAttempt";
    public static final String LAST_ATTEMPT = "hubAdapterLastAttempt";
    static final String CALL_STARTED = "hubAdapterCallStarted";

    private final String id;
    private final HubProperties.Adapter settings;
    private final CircuitBreaker breaker;
    private final AdapterMetrics metrics;
    private final Clock clock;
    private volatile Instant openedAt = Instant.EPOCH;

    AdapterRuntime(
            String id, HubProperties.Adapter settings, CircuitBreaker breaker, AdapterMetrics metrics, Clock clock) {
        this.id = id;
        this.settings = settings;
        this.breaker = breaker;
        this.metrics = metrics;
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

    /** Name under which the circuit breaker is bound in Camel's registry for the circuitBreaker EIP. */
    public String breakerBean() {
        return id + "CircuitBreaker";
    }

    /**
     * Before each attempt: an open circuit sends nothing and the message waits out the rest of the open wait
     * (a redelivery that does not count as an attempt).
     */
    void beforeCall(Exchange exchange) {
        exchange.getMessage().removeHeader(Exchange.REDELIVERY_DELAY);
        if (breaker.getState() == CircuitBreaker.State.OPEN) {
            Duration left = settings.circuitBreaker().openWait().minus(Duration.between(openedAt, clock.instant()));
            exchange.getMessage().setHeader(Exchange.REDELIVERY_DELAY, Math.max(100, left.toMillis()));
            metrics.error("circuit_open");
            throw new AdapterCallException.CircuitOpen("circuit of " + id + " is open");
        }
    }

    /** Counted inside the circuit breaker, just before the request leaves: only real calls are attempts. */
    void attempt(Exchange exchange) {
        Instant now = clock.instant();
        exchange.setProperty(ATTEMPTS, exchange.getProperty(ATTEMPTS, 0, Integer.class) + 1);
        if (exchange.getProperty(FIRST_ATTEMPT) == null) {
            exchange.setProperty(FIRST_ATTEMPT, now);
        }
        exchange.setProperty(LAST_ATTEMPT, now);
        exchange.setProperty(CALL_STARTED, System.nanoTime());
    }

    /** A call the external system took (for adapters without a status code of their own). */
    public void succeededCall(Exchange exchange, String status) {
        succeeded(exchange, status);
    }

    void succeeded(Exchange exchange, String status) {
        metrics.call(status, took(exchange));
    }

    /** Records a failed call and returns the exception that tells the error handler what to do with it. */
    AdapterCallException failed(Exchange exchange, String status, AdapterCallException failure) {
        metrics.call(status, took(exchange));
        metrics.error(failure.errorType());
        return failure;
    }

    boolean attemptsLeft(Exchange exchange) {
        return exchange.getProperty(ATTEMPTS, 0, Integer.class)
                < settings.retry().maxAttempts();
    }

    private static Duration took(Exchange exchange) {
        Long started = exchange.getProperty(CALL_STARTED, Long.class);
        return started == null ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - started);
    }
}

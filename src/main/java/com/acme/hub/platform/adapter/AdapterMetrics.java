package com.acme.hub.platform.adapter;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** The contract's integration_* metrics for one adapter. */
public final class AdapterMetrics {

    private static final Duration[] BUCKETS = {
        Duration.ofMillis(100),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofSeconds(2),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30)
    };

    private final String adapterId;
    private final MeterRegistry registry;
    private final Timer duration;
    private final Counter retries;

    AdapterMetrics(String adapterId, MeterRegistry registry, CircuitBreaker breaker) {
        this.adapterId = adapterId;
        this.registry = registry;
        this.duration = Timer.builder("integration.request.duration")
                .description("Duration of calls to the external system")
                .tag("adapter_id", adapterId)
                // The contract's buckets, no others: Micrometer's percentile histogram would publish ~70 per adapter.
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
        this.retries = Counter.builder("integration.retries")
                .description("Redeliveries of calls to the external system")
                .tag("adapter_id", adapterId)
                .register(registry);
        Gauge.builder("integration.circuit.breaker.state", breaker, AdapterMetrics::stateCode)
                .description("0 closed, 1 half-open, 2 open")
                .tag("adapter_id", adapterId)
                .register(registry);
    }

    void call(String status, Duration took) {
        duration.record(took);
        registry.counter("integration.requests", "adapter_id", adapterId, "status", status)
                .increment();
    }

    void error(String errorType) {
        registry.counter("integration.errors", "adapter_id", adapterId, "error_type", errorType)
                .increment();
    }

    void retry() {
        retries.increment();
    }

    static double stateCode(CircuitBreaker breaker) {
        return switch (breaker.getState()) {
            case CLOSED, DISABLED, METRICS_ONLY -> 0;
            case HALF_OPEN -> 1;
            case OPEN, FORCED_OPEN -> 2;
        };
    }
}

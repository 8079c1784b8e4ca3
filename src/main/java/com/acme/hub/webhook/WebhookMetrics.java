package com.acme.hub.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** {@code webhook_requests_total{source,outcome}}; unknown sources count as "unknown" to bound the series. */
class WebhookMetrics {

    private final MeterRegistry registry;
    private final Set<String> sources;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    WebhookMetrics(MeterRegistry registry, Set<String> sources) {
        this.registry = registry;
        this.sources = sources;
    }

    void count(String source, String outcome) {
        counters.computeIfAbsent(source + '\0' + outcome, key -> Counter.builder("webhook.requests")
                        .description("Webhook requests by source and outcome")
                        .tag("source", source)
                        .tag("outcome", outcome)
                        .register(registry))
                .increment();
    }

    String knownSourceOrUnknown(String source) {
        return sources.contains(source) ? source : "unknown";
    }
}

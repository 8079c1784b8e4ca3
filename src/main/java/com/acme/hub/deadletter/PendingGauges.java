package com.acme.hub.deadletter;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code hub_dead_letters{adapter_id}}: the letters waiting for an operator, counted in the shared table on every
 * scrape, so all replicas report the same. The built-in adapters and {@code flow} have a gauge from the start;
 * adapters made in YAML ({@code hub-rest-sink}) get theirs with their first letter, and again at every start-up
 * while they have any.
 */
final class PendingGauges {

    private final DeadLetterStore store;
    private final MeterRegistry meters;

    PendingGauges(DeadLetterStore store, MeterRegistry meters) {
        this.store = store;
        this.meters = meters;
    }

    /** Registers the adapter's gauge; Micrometer keeps the first registration of a name and tags. */
    void register(String adapterId) {
        Gauge.builder("hub.dead.letters", store, s -> s.pending(adapterId))
                .description("Dead letters pending inspection or replay")
                .tag("adapter_id", adapterId)
                .register(meters);
    }
}

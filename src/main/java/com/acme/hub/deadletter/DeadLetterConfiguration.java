package com.acme.hub.deadletter;

import com.acme.hub.platform.adapter.Adapters;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class DeadLetterConfiguration {

    @Bean
    DeadLetterRoute deadLetterRoute(
            DeadLetterStore store, ObjectMapper mapper, Adapters adapters, MeterRegistry meters) {
        // hub_dead_letters{adapter_id}: letters waiting for an operator, read from the shared table on scrape.
        adapters.all().forEach(adapter -> Gauge.builder("hub.dead.letters", store, s -> s.pending(adapter.id()))
                .description("Dead letters pending inspection or replay")
                .tag("adapter_id", adapter.id())
                .register(meters));
        return new DeadLetterRoute(store, mapper, Clock.systemUTC());
    }
}

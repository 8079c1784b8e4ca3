package com.acme.hub.deadletter;

import com.acme.hub.platform.HubProperties;
import com.acme.hub.platform.adapter.Adapters;
import com.acme.hub.security.AuditLog;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

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

    @Bean
    DeadLetterReplayer deadLetterReplayer(
            DeadLetterStore store,
            AuditLog audit,
            TransactionTemplate transaction,
            CamelContext camel,
            ProducerTemplate producer,
            Adapters adapters,
            ObjectMapper mapper,
            HubProperties properties) {
        return new DeadLetterReplayer(
                store,
                audit,
                transaction,
                camel,
                producer,
                adapters,
                mapper,
                properties.deadLetters().bulkConcurrency(),
                Clock.systemUTC());
    }
}

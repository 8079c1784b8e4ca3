package com.acme.hub.deadletter;

import com.acme.hub.platform.HubProperties;
import com.acme.hub.platform.adapter.AdapterRuntime;
import com.acme.hub.platform.adapter.Adapters;
import com.acme.hub.security.AuditLog;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
class DeadLetterConfiguration {

    @Bean
    DeadLetterRoute deadLetterRoute(
            DeadLetterStore store, ObjectMapper mapper, Adapters adapters, MeterRegistry meters) {
        PendingGauges gauges = new PendingGauges(store, meters);
        // "flow" counts the events a flow itself could not process.
        Stream.of(adapters.all().stream().map(AdapterRuntime::id), Stream.of("flow"), store.adapterIds().stream())
                .flatMap(ids -> ids)
                .forEach(gauges::register);
        return new DeadLetterRoute(store, gauges, mapper, Clock.systemUTC());
    }

    @Bean
    DeadLetterReplayer deadLetterReplayer(
            DeadLetterStore store,
            AuditLog audit,
            TransactionTemplate transaction,
            CamelContext camel,
            Adapters adapters,
            ObjectMapper mapper,
            HubProperties properties) {
        return new DeadLetterReplayer(
                store,
                audit,
                transaction,
                camel,
                adapters,
                mapper,
                properties.deadLetters().bulkConcurrency(),
                Clock.systemUTC());
    }
}

package com.acme.hub.observability;

import com.acme.hub.platform.adapter.AdapterRuntime;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.opentelemetry.SpanCustomizer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenTelemetry SDK behind Camel's spans (camel-opentelemetry picks up the {@link Tracer} and
 * {@link ContextPropagators} beans). It is set up by the SDK's own autoconfiguration from the standard {@code OTEL_*}
 * variables, so operators configure it as any other OpenTelemetry service; the hub only changes defaults:
 *
 * <ul>
 *   <li>no {@code OTEL_EXPORTER_OTLP_ENDPOINT} (nor {@code OTEL_TRACES_EXPORTER}): spans are still made, their ids
 *       still travel in {@code traceparent} and reach the logs, but nothing is exported;
 *   <li>OTLP over HTTP/protobuf, service name {@code integration-hub};
 *   <li>no OpenTelemetry metrics or logs export: metrics are Prometheus' and logs are standard output's.
 * </ul>
 *
 * <p>Why camel-opentelemetry and not camel-opentelemetry2 on Camel 4.17: it gives the spans their OpenTelemetry kinds
 * (server, client, producer, consumer), puts {@code trace_id} and {@code span_id} into the log context and takes a
 * {@link SpanCustomizer} for the hub's attributes; camel-opentelemetry2 does none of these yet.
 */
@Configuration(proxyBeanMethods = false)
class TracingConfiguration {

    static final String SERVICE_NAME = "integration-hub";

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(OpenTelemetry.class)
    OpenTelemetrySdk openTelemetry() {
        return sdk(System.getenv());
    }

    @Bean
    Tracer tracer(OpenTelemetry openTelemetry) {
        return openTelemetry.getTracer("integration-hub");
    }

    @Bean
    ContextPropagators contextPropagators(OpenTelemetry openTelemetry) {
        return openTelemetry.getPropagators();
    }

    @Bean
    SpanCustomizer hubSpanAttributes() {
        return new HubSpanAttributes();
    }

    /**
     * The SDK as {@code environment} (variables named as OpenTelemetry documents them) configures it. Not registered
     * globally: the hub hands it to Camel as a bean, and several hubs may share a JVM in tests.
     */
    static OpenTelemetrySdk sdk(Map<String, String> environment) {
        Map<String, String> given = new HashMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith("OTEL_")) {
                given.put(name.toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        return AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(() -> defaults(given))
                .addPropertiesSupplier(() -> given)
                .disableShutdownHook()
                .build()
                .getOpenTelemetrySdk();
    }

    private static Map<String, String> defaults(Map<String, String> given) {
        Map<String, String> defaults = new HashMap<>();
        defaults.put("otel.service.name", SERVICE_NAME);
        defaults.put("otel.exporter.otlp.protocol", "http/protobuf");
        defaults.put("otel.metrics.exporter", "none");
        defaults.put("otel.logs.exporter", "none");
        boolean endpoint = given.containsKey("otel.exporter.otlp.endpoint")
                || given.containsKey("otel.exporter.otlp.traces.endpoint");
        if (!endpoint) {
            // The SDK's own default would send to localhost:4318 and log a failure for every batch.
            defaults.put("otel.traces.exporter", "none");
        }
        return defaults;
    }

    /** The hub's attributes on every span that has them: which event, which conversation, whose, which adapter. */
    static final class HubSpanAttributes implements SpanCustomizer {

        @Override
        public void customize(SpanBuilder span, String operationName, Exchange exchange) {
            var message = exchange.getMessage();
            put(span, "event.id", message.getHeader("event-id", String.class));
            put(span, "correlation.id", message.getHeader("correlation-id", String.class));
            put(span, "tenant.id", message.getHeader("tenant", String.class));
            put(span, "adapter.id", exchange.getProperty(AdapterRuntime.ADAPTER_ID, String.class));
        }

        private static void put(SpanBuilder span, String name, String value) {
            if (value != null && !value.isBlank()) {
                span.setAttribute(name, value);
            }
        }
    }
}

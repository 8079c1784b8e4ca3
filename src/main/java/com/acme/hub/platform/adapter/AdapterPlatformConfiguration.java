package com.acme.hub.platform.adapter;

import com.acme.hub.platform.HubProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class AdapterPlatformConfiguration {

    static final String DEAD_LETTER_URI = "direct:hub-dead-letter";

    /** camel-resilience4j-micrometer publishes these breakers as resilience4j_circuitbreaker_* metrics. */
    @Bean
    CircuitBreakerRegistry adapterCircuitBreakers() {
        return CircuitBreakerRegistry.ofDefaults();
    }

    @Bean
    AdapterRateLimits adapterRateLimits(DataSource dataSource) {
        return new AdapterRateLimits(dataSource);
    }

    @Bean
    Adapters adapters(
            HubProperties properties,
            CircuitBreakerRegistry breakers,
            MeterRegistry meters,
            AdapterRateLimits rateLimits) {
        Map<String, AdapterRuntime> adapters = new LinkedHashMap<>();
        properties.adapters().forEach((id, settings) -> {
            CircuitBreaker breaker = breakers.circuitBreaker(id, breakerConfig(settings.circuitBreaker()));
            adapters.put(
                    id,
                    new AdapterRuntime(
                            id,
                            settings,
                            breaker,
                            new AdapterMetrics(id, meters, breaker),
                            rateLimits,
                            Clock.systemUTC()));
        });
        return new Adapters(adapters);
    }

    /**
     * "N failures open, M successes close" in Resilience4j terms: a count window of N calls that must all fail
     * (100%) to open, and M trial calls when half-open. Rejected calls (4xx) are the caller's fault, not the
     * system's, and do not count.
     */
    static CircuitBreakerConfig breakerConfig(HubProperties.CircuitBreaker settings) {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.failureThreshold())
                .minimumNumberOfCalls(settings.failureThreshold())
                .failureRateThreshold(100)
                .permittedNumberOfCallsInHalfOpenState(settings.halfOpenSuccesses())
                .waitDurationInOpenState(settings.openWait())
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .ignoreExceptions(AdapterCallException.Rejected.class)
                .build();
    }

    /**
     * The circuitBreaker EIP finds each adapter's breaker by name in Camel's registry. HTTP adapters get an HTTP
     * component of their own ({@code <id>-http:}), because camel-http takes timeouts only per component, and with
     * HttpClient's own retries off: redelivery is the error handler's job alone.
     */
    @Bean
    CamelContextConfiguration adapterBreakersInCamel(Adapters adapters) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camelContext) {
                adapters.all().forEach(adapter -> {
                    camelContext.getRegistry().bind(adapter.breakerBean(), adapter.breaker());
                    if (adapter.settings().baseUrl() == null) {
                        return;
                    }
                    long timeout = adapter.settings().timeout().toMillis();
                    HttpComponent http = new HttpComponent();
                    http.setConnectTimeout(Math.min(timeout, 10_000));
                    http.setConnectionRequestTimeout(timeout);
                    http.setResponseTimeout(timeout);
                    http.setSoTimeout(timeout);
                    // The component's automaticRetriesDisabled flag left HttpClient retrying 503s here; disabling
                    // them on the builder itself is what the adapter tests show to work.
                    http.setHttpClientConfigurer(builder -> builder.disableAutomaticRetries());
                    camelContext.addComponent(adapter.httpScheme(), http);
                });
            }

            @Override
            public void afterApplicationStart(CamelContext camelContext) {}
        };
    }

    @Bean
    AdapterRouteConfigurations adapterRouteConfigurations(Adapters adapters) {
        return new AdapterRouteConfigurations(adapters, DEAD_LETTER_URI);
    }
}

package com.acme.hub.platform.adapter;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One hub (this Spring context) whose sales adapter calls WireMock, beside which a test plays other replicas with
 * instances of their own over the same PostgreSQL. Subclasses share this one context.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("it")
abstract class ReplicaTestSupport {

    /** Shared by the subclasses, as their Spring context is; it ends with the test JVM. */
    static final WireMockServer SALES = started();

    static final String INTAKE = "/sales/api/v2/orders/intake";
    static final String STEP = "sales-intake-order";
    static final int RATE = 5;

    @Autowired
    ProducerTemplate producer;

    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("hub.adapters.sales.base-url", () -> SALES.baseUrl() + "/sales");
        registry.add("hub.adapters.sales.retry.initial-delay", () -> "100ms");
        registry.add("hub.adapters.sales.rate-limit.per-second", () -> String.valueOf(RATE));
        registry.add("hub.adapters.sales.rate-limit.burst", () -> String.valueOf(RATE));
        registry.add("hub.steps.lease", () -> "5s");
    }

    @BeforeEach
    void healthySalesSystem() {
        SALES.resetAll();
        SALES.stubFor(post(INTAKE).willReturn(aResponse().withStatus(201)));
    }

    void intake(String event) {
        producer.sendBodyAndHeaders(
                "direct:sales-order-intake", order(event), Map.of("event-id", event, "correlation-id", "c-" + event));
    }

    static String order(String event) {
        return "{\"orderId\":\"SO-1001\",\"event\":\"" + event + "\"}";
    }

    static int calls() {
        return callTimes().size();
    }

    /** When the sales system received each call, in order. */
    static List<Instant> callTimes() {
        return SALES.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().equals(INTAKE))
                .map(ServeEvent::getRequest)
                .map(request -> request.getLoggedDate().toInstant())
                .sorted()
                .toList();
    }

    private static WireMockServer started() {
        WireMockServer server = new WireMockServer(options().dynamicPort());
        server.start();
        return server;
    }
}

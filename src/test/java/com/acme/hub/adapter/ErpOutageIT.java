package com.acme.hub.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.acme.hub.testing.ErpCommandTap;
import com.acme.hub.testing.TcpProxy;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * RabbitMQ goes away while ERP commands flow, and comes back: readiness follows it, every command arrives, none is
 * dead-lettered.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("it")
// Its broker or proxy is gone after the class: the context must not linger in the cache, reconnecting.
@DirtiesContext
class ErpOutageIT {

    private static final TcpProxy RABBIT = new TcpProxy(5672);

    @org.springframework.boot.test.web.server.LocalServerPort
    int port;

    @Autowired
    ProducerTemplate producer;

    @Value("${hub.adapters.erp.exchange}")
    String commands;

    @Autowired
    MeterRegistry meters;

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void throughTheProxy(DynamicPropertyRegistry registry) {
        registry.add("spring.rabbitmq.port", RABBIT::port);
        registry.add("hub.adapters.erp.timeout", () -> "2s");
        registry.add("hub.adapters.erp.retry.max-attempts", () -> "40");
        registry.add("hub.adapters.erp.retry.initial-delay", () -> "200ms");
        registry.add("hub.adapters.erp.retry.multiplier", () -> "1.5");
        registry.add("hub.adapters.erp.retry.max-delay", () -> "1s");
        registry.add("hub.adapters.erp.circuit-breaker.failure-threshold", () -> "100");
    }

    @AfterAll
    static void closeProxy() {
        RABBIT.close();
    }

    @Test
    void commandsSentWhileRabbitmqIsDownArriveOnceItIsBack() {
        try (ErpCommandTap tap = new ErpCommandTap(commands)) {
            commandsArrive(tap);
        }
    }

    private void commandsArrive(ErpCommandTap tap) {
        List<String> events = new ArrayList<>();

        for (int i = 0; i < 2; i++) {
            events.add(book());
        }
        double retriesBefore = retries();

        RABBIT.cut();
        List<CompletableFuture<Object>> duringOutage = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String event = "evt_" + UUID.randomUUID();
            events.add(event);
            duringOutage.add(producer.asyncRequestBodyAndHeaders(
                    "direct:erp-order-book",
                    "{\"type\":\"order.book\",\"orderId\":\"" + event + "\"}",
                    Map.of("event-id", event, "correlation-id", "c-" + event, "priority", "NORMAL")));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> retries() >= retriesBefore + 3);
        await().atMost(Duration.ofSeconds(10)).until(() -> readiness() == 503);
        assertThat(duringOutage).noneMatch(CompletableFuture::isDone);

        RABBIT.open();
        duringOutage.forEach(CompletableFuture::join);
        await().atMost(Duration.ofSeconds(10)).until(() -> readiness() == 200);

        Set<String> keys = new HashSet<>();
        for (Message command : tap.drain(2000)) {
            keys.add(command.getMessageProperties().getHeader("Idempotency-Key"));
        }
        assertThat(keys)
                .containsAll(events.stream().map(e -> e + ":erp-book-order").toList());
        for (String event : events) {
            assertThat(jdbc.queryForObject("SELECT count(*) FROM dead_letter WHERE event_id = ?", Integer.class, event))
                    .isZero();
        }
    }

    private String book() {
        String event = "evt_" + UUID.randomUUID();
        producer.sendBodyAndHeaders(
                "direct:erp-order-book",
                "{\"type\":\"order.book\",\"orderId\":\"" + event + "\"}",
                Map.of("event-id", event, "correlation-id", "c-" + event, "priority", "HIGH"));
        return event;
    }

    /** Readiness answers 503 while RabbitMQ is unreachable and 200 again once it is back, without a restart. */
    private int readiness() throws Exception {
        return java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(
                                        java.net.URI.create("http://localhost:" + port + "/actuator/health/readiness"))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private double retries() {
        var counter =
                meters.find("integration.retries").tag("adapter_id", "erp").counter();
        return counter == null ? 0 : counter.count();
    }
}

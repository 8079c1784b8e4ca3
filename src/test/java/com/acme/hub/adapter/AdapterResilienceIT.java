package com.acme.hub.adapter;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.acme.hub.platform.adapter.Adapters;
import com.acme.hub.platform.kafka.KafkaBootstrap;
import com.acme.hub.testing.ErpCommandTap;
import com.acme.hub.testing.KafkaTopics;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The adapters against stand-ins of the external systems over real HTTP (WireMock) and the real RabbitMQ, with
 * real Kafka and PostgreSQL for dead letters and idempotency. Delays are shrunk by configuration.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("it")
class AdapterResilienceIT {

    private static final WireMockServer SYSTEMS = started();
    private static final String INTAKE = "/sales/api/v2/orders/intake";

    @Autowired
    ProducerTemplate producer;

    @Autowired
    Adapters adapters;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    KafkaBootstrap kafka;

    @DynamicPropertySource
    static void systems(DynamicPropertyRegistry registry) {
        registry.add("hub.adapters.sales.base-url", () -> SYSTEMS.baseUrl() + "/sales");
        registry.add("hub.adapters.sales.token", () -> "it-sales-token");
        registry.add("hub.adapters.sales.timeout", () -> "1s");
        registry.add("hub.adapters.sales.retry.max-attempts", () -> "3");
        registry.add("hub.adapters.sales.retry.initial-delay", () -> "300ms");
        registry.add("hub.adapters.sales.retry.multiplier", () -> "3");
        registry.add("hub.adapters.sales.retry.max-delay", () -> "2s");
        registry.add("hub.adapters.sales.circuit-breaker.failure-threshold", () -> "5");
        registry.add("hub.adapters.sales.circuit-breaker.half-open-successes", () -> "2");
        registry.add("hub.adapters.sales.circuit-breaker.open-wait", () -> "2s");
        registry.add("hub.adapters.sales.rate-limit.per-second", () -> "5");
        registry.add("hub.adapters.sales.rate-limit.burst", () -> "5");
        registry.add("hub.adapters.esign.base-url", () -> SYSTEMS.baseUrl() + "/esign");
        registry.add("hub.adapters.esign.token-url", () -> SYSTEMS.baseUrl() + "/oauth/token");
        registry.add("hub.adapters.esign.client-id", () -> "it-client");
        registry.add("hub.adapters.esign.client-secret", () -> "it-client-secret");
        registry.add("hub.adapters.esign.account-id", () -> "it-account");
        registry.add("hub.adapters.esign.timeout", () -> "2s");
    }

    @BeforeEach
    void reset() {
        SYSTEMS.resetAll();
        adapters.all().forEach(adapter -> adapter.breaker().reset());
    }

    @AfterAll
    static void stop() {
        SYSTEMS.stop();
    }

    @Test
    void callCarriesIdempotencyKeyCorrelationIdAndCredentialsAndNothingElse() {
        SYSTEMS.stubFor(post(INTAKE).willReturn(aResponse().withStatus(201)));
        String event = "evt_" + UUID.randomUUID();

        intake(event, Map.of("http-webhook-signature", "v1,secret-ish", "tenant", "acme"));

        ServeEvent call = single(INTAKE);
        assertThat(call.getRequest().getHeader("Idempotency-Key")).isEqualTo(event + ":sales-intake-order");
        assertThat(call.getRequest().getHeader("X-Correlation-ID")).isEqualTo("corr-" + event);
        assertThat(call.getRequest().getHeader("Authorization")).isEqualTo("Bearer it-sales-token");
        assertThat(call.getRequest().containsHeader("http-webhook-signature")).isFalse();
        assertThat(call.getRequest().containsHeader("tenant")).isFalse();
        assertThat(call.getRequest().getBodyAsString()).contains(event);
    }

    @Test
    void aDuplicateEventMakesOneCall() {
        SYSTEMS.stubFor(post(INTAKE).willReturn(aResponse().withStatus(201)));
        String event = "evt_" + UUID.randomUUID();
        intake(event, Map.of());
        intake(event, Map.of());
        assertThat(calls(INTAKE)).hasSize(1);
    }

    @Test
    void serverErrorsAreRetriedWithGrowingDelaysThenDeadLetteredWithEveryHeader() {
        SYSTEMS.stubFor(post(INTAKE).willReturn(aResponse().withStatus(503)));
        String event = "evt_" + UUID.randomUUID();

        intake(event, Map.of());

        List<Instant> at = calls(INTAKE).stream()
                .map(e -> e.getRequest().getLoggedDate().toInstant())
                .toList();
        assertThat(at).hasSize(3);
        Duration first = Duration.between(at.get(0), at.get(1));
        Duration second = Duration.between(at.get(1), at.get(2));
        // 300 ms then 900 ms, each within 10% jitter, plus the time the calls themselves take.
        assertThat(first).isBetween(Duration.ofMillis(250), Duration.ofMillis(800));
        assertThat(second).isBetween(Duration.ofMillis(800), Duration.ofMillis(1600));

        Map<String, Object> letter = deadLetter(event);
        assertThat(letter.get("adapter_id")).isEqualTo("sales");
        assertThat(letter.get("step")).isEqualTo("sales-intake-order");
        assertThat(letter.get("error_type")).isEqualTo("server_error");
        assertThat(letter.get("attempts")).isEqualTo(3);
        assertThat(letter.get("status")).isEqualTo("pending");
        assertThat(new String((byte[]) letter.get("body"), StandardCharsets.UTF_8))
                .isEqualTo(order(event));
        assertThat((String) letter.get("headers")).contains("\"correlation-id\":\"corr-" + event + "\"");

        List<ConsumerRecord<String, byte[]>> published =
                KafkaTopics.withKey(kafka.servers(), "integration.dlq", (String) letter.get("id"));
        assertThat(published).singleElement().satisfies(record -> {
            assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo(order(event));
            assertThat(header(record, "adapter-id")).isEqualTo("sales");
            assertThat(header(record, "error-type")).isEqualTo("server_error");
            assertThat(header(record, "attempts")).isEqualTo("3");
            assertThat(Instant.parse(header(record, "first-attempt")))
                    .isBefore(Instant.parse(header(record, "last-attempt")));
            assertThat(header(record, "correlation-id")).isEqualTo("corr-" + event);
        });
    }

    @Test
    void aClientErrorIsNotRetriedAndDoesNotCountAgainstTheCircuit() {
        SYSTEMS.stubFor(post(INTAKE).willReturn(aResponse().withStatus(422)));
        for (int i = 0; i < 6; i++) {
            intake("evt_" + UUID.randomUUID(), Map.of());
        }
        assertThat(calls(INTAKE)).hasSize(6);
        assertThat(adapters.get("sales").breaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        String event = "evt_" + UUID.randomUUID();
        intake(event, Map.of());
        assertThat(deadLetter(event))
                .containsEntry("error_type", "client_error")
                .containsEntry("attempts", 1);
    }

    @Test
    void aTimeoutIsRetried() {
        SYSTEMS.stubFor(post(INTAKE).willReturn(aResponse().withStatus(201).withFixedDelay(1500)));
        String event = "evt_" + UUID.randomUUID();
        intake(event, Map.of());
        assertThat(calls(INTAKE)).hasSize(3);
        assertThat(deadLetter(event)).containsEntry("error_type", "timeout");
    }

    @Test
    void tooManyRequestsWaitsAsLongAsRetryAfterSays() {
        SYSTEMS.stubFor(post(INTAKE)
                .inScenario("429")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1"))
                .willSetStateTo("recovered"));
        SYSTEMS.stubFor(post(INTAKE)
                .inScenario("429")
                .whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(201)));

        intake("evt_" + UUID.randomUUID(), Map.of());

        List<ServeEvent> calls = calls(INTAKE);
        assertThat(calls).hasSize(2);
        assertThat(Duration.between(
                        calls.get(0).getRequest().getLoggedDate().toInstant(),
                        calls.get(1).getRequest().getLoggedDate().toInstant()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    @Test
    void theCircuitOpensSendsNothingWhileOpenAndClosesAfterHalfOpenSuccesses() {
        CircuitBreaker breaker = adapters.get("sales").breaker();
        SYSTEMS.stubFor(post(INTAKE).willReturn(aResponse().withStatus(503)));
        intake("evt_" + UUID.randomUUID(), Map.of());
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);

        String waiting = "evt_" + UUID.randomUUID();
        CompletableFuture<Object> pending = producer.asyncRequestBodyAndHeaders(
                "direct:sales-order-intake", order(waiting), Map.of("event-id", waiting, "correlation-id", "c"));
        await().atMost(Duration.ofSeconds(5)).until(() -> breaker.getState() == CircuitBreaker.State.OPEN);
        int callsWhenOpened = calls(INTAKE).size();
        assertThat(callsWhenOpened).isEqualTo(5);

        SYSTEMS.stubFor(post(INTAKE).willReturn(aResponse().withStatus(201)));
        await().atMost(Duration.ofSeconds(1)).pollDelay(Duration.ofMillis(800)).untilAsserted(() -> {
            assertThat(calls(INTAKE)).hasSize(callsWhenOpened);
            assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        });

        pending.join();
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM dead_letter WHERE event_id = ?", Integer.class, waiting))
                .as("waiting for the circuit used up no attempt")
                .isZero();
        intake("evt_" + UUID.randomUUID(), Map.of());
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void theThrottleHoldsItsRate() {
        SYSTEMS.stubFor(post(INTAKE).willReturn(aResponse().withStatus(201)));
        List<CompletableFuture<Object>> sent = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String event = "evt_" + UUID.randomUUID();
            sent.add(producer.asyncRequestBodyAndHeaders(
                    "direct:sales-order-intake", order(event), Map.of("event-id", event, "correlation-id", "c")));
        }
        sent.forEach(CompletableFuture::join);

        List<Instant> at = calls(INTAKE).stream()
                .map(e -> e.getRequest().getLoggedDate().toInstant())
                .sorted()
                .toList();
        assertThat(at).hasSize(12);
        // A burst of 5 at once, then one call per 200 ms: the 7 after the burst take 1.4 s.
        assertThat(Duration.between(at.get(0), at.get(11))).isGreaterThanOrEqualTo(Duration.ofMillis(1300));
        // Among the calls after the burst, 6 span a second; each call's own latency may shift it a little.
        for (int i = 5; i + 5 < at.size(); i++) {
            assertThat(Duration.between(at.get(i), at.get(i + 5)))
                    .as("after the burst, 6 calls within one second")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(700));
        }
    }

    @Test
    void theEsignTokenIsFetchedOnceAndReusedUntilItExpires() {
        SYSTEMS.stubFor(post("/oauth/token")
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"access_token\":\"tok-1\",\"token_type\":\"Bearer\",\"expires_in\":3600}")));
        String envelopes = "/esign/restapi/v2.1/accounts/it-account/envelopes";
        SYSTEMS.stubFor(post(envelopes)
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"envelopeId\":\"env-1\",\"status\":\"sent\"}")));

        for (int i = 0; i < 2; i++) {
            String event = "evt_" + UUID.randomUUID();
            producer.sendBodyAndHeaders(
                    "direct:esign-envelope-create",
                    "{\"customFields\":{\"orderId\":\"SO-1\"}}",
                    Map.of("event-id", event, "correlation-id", "c"));
        }

        SYSTEMS.verify(1, postRequestedFor(urlEqualTo("/oauth/token")));
        SYSTEMS.verify(2, postRequestedFor(urlEqualTo(envelopes)).withHeader("Authorization", equalTo("Bearer tok-1")));
    }

    @Test
    void erpCommandsCarryPriorityKeyAndCorrelation() {
        ErpCommandTap tap = new ErpCommandTap();
        String event = "evt_" + UUID.randomUUID();
        producer.sendBodyAndHeaders(
                "direct:erp-order-book",
                "{\"type\":\"order.book\",\"orderId\":\"SO-7\"}",
                Map.of("event-id", event, "correlation-id", "corr-" + event, "priority", "HIGH"));

        Message command = tap.next(5000);
        tap.close();
        assertThat(command).isNotNull();
        assertThat(command.getMessageProperties().getPriority()).isEqualTo(7);
        assertThat((String) command.getMessageProperties().getHeader("Idempotency-Key"))
                .isEqualTo(event + ":erp-book-order");
        assertThat((String) command.getMessageProperties().getHeader("correlation-id"))
                .isEqualTo("corr-" + event);
        assertThat(new String(command.getBody(), StandardCharsets.UTF_8)).contains("SO-7");
    }

    private void intake(String event, Map<String, Object> extraHeaders) {
        Map<String, Object> headers = new java.util.HashMap<>(extraHeaders);
        headers.put("event-id", event);
        headers.put("correlation-id", "corr-" + event);
        producer.sendBodyAndHeaders("direct:sales-order-intake", order(event), headers);
    }

    private static String order(String event) {
        return "{\"orderId\":\"SO-1001\",\"event\":\"" + event + "\"}";
    }

    private Map<String, Object> deadLetter(String event) {
        return jdbc.queryForMap("SELECT * FROM dead_letter WHERE event_id = ?", event);
    }

    private static List<ServeEvent> calls(String path) {
        return SYSTEMS.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().equals(path))
                .sorted(Comparator.comparing(e -> e.getRequest().getLoggedDate()))
                .toList();
    }

    private static ServeEvent single(String path) {
        List<ServeEvent> calls = calls(path);
        assertThat(calls).hasSize(1);
        return calls.get(0);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static WireMockServer started() {
        WireMockServer server = new WireMockServer(options().dynamicPort());
        server.start();
        return server;
    }
}

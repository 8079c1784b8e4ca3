package com.acme.hub.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.acme.hub.platform.adapter.Adapters;
import com.acme.hub.platform.kafka.KafkaBootstrap;
import com.acme.hub.webhook.WebhookSigner;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.kafka.KafkaConsumer;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.MemberDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The reference business flow, order to signed contract, as the YAML flows in routes/ run it: a signed
 * {@code order.created} webhook in, then the simulated ERP (RabbitMQ), e-signature provider (HTTP, calling back with
 * a DocuSign Connect HMAC) and sales system (HTTP), over the real in-process Kafka and the real database; and the
 * tutorial's one-file CRM adapter (docs/examples) against a CRM played by WireMock. The context is closed afterwards
 * so its flows stop consuming before other tests use the same queues.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability
@ActiveProfiles("it")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestPropertySource(
        properties = {
            "camel.main.routes-include-pattern=file:routes/*.yaml,file:docs/examples/*.yaml",
            "crm.token=it-crm-token",
            "hub.sandbox.enabled=true",
            "hub.sandbox.sales.token=it-sales-token",
            "hub.sandbox.esign.client-id=it-client",
            "hub.sandbox.esign.client-secret=it-client-secret",
            "hub.sandbox.esign.account-id=it-account",
            "hub.sandbox.esign.complete-after=200ms",
            "hub.sandbox.esign.callback-backoff=200ms",
            "hub.sandbox.esign.callback-secret=" + OrderToContractFlowIT.CONNECT_SECRET,
            // Short waits so a flaky or dead provider plays out in seconds; twelve attempts make exhausting them at
            // a 50% error rate a one-in-four-thousand event.
            "hub.adapters.esign.retry.max-attempts=12",
            "hub.adapters.esign.retry.initial-delay=20ms",
            "hub.adapters.esign.retry.max-delay=100ms",
            "hub.adapters.esign.circuit-breaker.open-wait=300ms",
            "hub.adapters.esign.rate-limit.per-second=50",
        })
class OrderToContractFlowIT {

    static final String CONNECT_SECRET = "ds-new-secret";
    private static final String SALES_SECRET = "whsec_bmV3LXNhbGVzLXNlY3JldC1mb3ItdGVzdHM=";
    private static final String CONSOLE = "operator:it-console-secret";
    private static final Duration PATIENCE = Duration.ofSeconds(45);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final WireMockServer CRM = crm();

    /**
     * Only the CRM's URL: the sales and e-signature adapters keep their defaults, which must follow the random port
     * this hub listens on to reach its sandbox.
     */
    @DynamicPropertySource
    static void crmIsWireMock(DynamicPropertyRegistry registry) {
        registry.add("crm.url", CRM::baseUrl);
    }

    @LocalServerPort
    int port;

    @AfterAll
    static void stopCrm() {
        CRM.stop();
    }

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    CamelContext camel;

    @Autowired
    MeterRegistry meters;

    @Autowired
    Adapters adapters;

    @Autowired
    KafkaBootstrap kafka;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    @AfterEach
    void clearFaults() throws Exception {
        for (String system : List.of("sales", "erp", "esign")) {
            assertThat(send(request("/sandbox/" + system + "/faults").DELETE()).statusCode())
                    .isEqualTo(204);
        }
    }

    @Test
    void flowsAreTheYamlFilesAndUseTheAdaptersKamelets() {
        for (String flow : List.of("sales-order-intake", "erp-order-booked", "esign-envelope-completed")) {
            assertThat(camel.getRoute(flow)).as(flow).isNotNull();
            assertThat(camel.getRoute(flow).getSourceResource().getLocation()).endsWith("routes/" + flow + ".yaml");
            assertThat(camel.getRoute(flow).getConfigurationId()).isEqualTo("hub-flow");
        }
    }

    @Test
    void anOrderBecomesASignedContractWithExactlyOneEffectPerStep() throws Exception {
        Order order = Order.random("HIGH");

        assertThat(post(order).statusCode()).isEqualTo(202);

        awaitContractSigned(order);
        assertThat(effects("erp", order, "order.book")).hasSize(1);
        assertThat(effects("esign", order, "envelope.create")).hasSize(1);
        assertThat(effects("esign", order, "envelope.completed")).hasSize(1);
        assertThat(effects("erp", order, "contract.signed")).hasSize(1);
        assertThat(effects("sales", order, "order.status")).hasSize(1);

        JsonNode receipt = JSON.readTree(send(request("/v1/events/sales/" + order.eventId)
                        .header("Authorization", basic(CONSOLE))
                        .GET())
                .body());
        assertThat(receipt.path("status").asText()).isEqualTo("stored");
        assertThat(steps(receipt))
                .containsExactly(
                        "erp-book-order", "esign-create-envelope", "erp-confirm-contract", "sales-update-order-status");
        assertThat(receipt.path("deadLetters")).isEmpty();
    }

    @Test
    void theFlowCompletesWithOneEnvelopePerOrderWhenTheEsignatureProviderFailsHalfTheTime() throws Exception {
        fault("esign", "{\"errorRate\":0.5,\"status\":503}");
        double failuresBefore = esignServerErrors();
        List<Order> orders = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Order order = Order.random("NORMAL");
            orders.add(order);
            assertThat(post(order).statusCode()).isEqualTo(202);
        }

        for (Order order : orders) {
            awaitContractSigned(order);
            assertThat(effects("esign", order, "envelope.create"))
                    .as(order.orderId)
                    .hasSize(1);
            assertThat(effects("erp", order, "order.book")).as(order.orderId).hasSize(1);
        }
        // The faults did strike, and were retried past: the provider answered this hub 503 at least once.
        assertThat(esignServerErrors()).isGreaterThan(failuresBefore);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM dead_letter WHERE correlation_id IN (" + placeholders(orders) + ")",
                        Integer.class,
                        orders.stream().map(o -> o.correlationId).toArray()))
                .isZero();
    }

    @Test
    void anOpenCircuitPausesTheFlowsConsumerWithoutARebalanceAndTheOrderIsBookedOnceWhenItHalfOpens() throws Exception {
        CircuitBreaker erp = adapters.get("erp").breaker();
        KafkaConsumer intake = kafkaConsumerOf("sales-order-intake");
        Set<String> membersBefore = members("sales-order-intake");
        erp.transitionToOpenState();
        try {
            Order order = Order.random("LOW");
            assertThat(post(order).statusCode()).isEqualTo(202);

            await().atMost(PATIENCE).until(intake::isKafkaPaused);
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).untilAsserted(() -> {
                assertThat(intake.isKafkaPaused())
                        .as("the consumer stays paused while the circuit is open")
                        .isTrue();
                assertThat(effects("erp", order, "order.book")).isEmpty();
            });
            assertThat(jdbc.queryForObject(
                            "SELECT count(*) FROM dead_letter WHERE correlation_id = ?",
                            Integer.class,
                            order.correlationId))
                    .as("waiting is not a failure")
                    .isZero();

            erp.transitionToHalfOpenState();
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(effects("erp", order, "order.book"))
                    .hasSize(1));
            awaitContractSigned(order);
            assertThat(intake.isKafkaPaused()).isFalse();
            assertThat(effects("erp", order, "order.book")).hasSize(1);
            assertThat(members("sales-order-intake"))
                    .as("the consumer kept its place in the group: no rebalance")
                    .isEqualTo(membersBefore);
        } finally {
            erp.reset();
        }
    }

    @Test
    void anEsignatureOutageDeadLettersTheEnvelopeStepWithoutRepeatingTheBooking() throws Exception {
        fault("esign", "{\"errorRate\":1.0,\"status\":503}");
        Order order = Order.random("CRITICAL");

        assertThat(post(order).statusCode()).isEqualTo(202);

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(jdbc.queryForList(
                        "SELECT step FROM dead_letter WHERE correlation_id = ?", String.class, order.correlationId))
                .containsExactly("esign-create-envelope"));
        Map<String, Object> letter = jdbc.queryForMap(
                "SELECT adapter_id, error_type, status, event_id, idempotency_key, attempts FROM dead_letter"
                        + " WHERE correlation_id = ?",
                order.correlationId);
        assertThat(letter)
                .containsEntry("adapter_id", "esign")
                .containsEntry("status", "pending")
                .containsEntry("event_id", order.eventId + ":erp-book-order")
                .containsEntry("idempotency_key", order.eventId + ":erp-book-order:esign-create-envelope");
        assertThat(effects("erp", order, "order.book")).hasSize(1);
        assertThat(effects("esign", order, "envelope.create")).isEmpty();
        assertThat(jdbc.queryForList(
                        "SELECT step FROM step_journal WHERE correlation_id = ?", String.class, order.correlationId))
                .containsExactly("erp-book-order");

        // The provider is back: the operator replays the letter and the order goes on to its signed contract.
        clearFaults();
        String letterId = jdbc.queryForObject(
                "SELECT id FROM dead_letter WHERE correlation_id = ?", String.class, order.correlationId);
        HttpResponse<String> replay = replay(letterId);
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
        assertThat(JSON.readTree(replay.body()).path("status").asText()).isEqualTo("replayed");
        awaitContractSigned(order);
        assertThat(effects("esign", order, "envelope.create")).hasSize(1);
        assertThat(effects("erp", order, "order.book")).hasSize(1);
    }

    @Test
    void anOrderTheFlowCannotReadIsDeadLetteredAndTheOrdersBehindItStillFlow() throws Exception {
        Order broken = Order.random("LOW");
        String noOrderId = broken.body().replace("\"orderId\":\"" + broken.orderId + "\",", "");
        assertThat(post(broken, noOrderId).statusCode()).isEqualTo(202);
        Order next = Order.random("LOW");
        assertThat(post(next).statusCode()).isEqualTo(202);

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(jdbc.queryForList(
                        "SELECT adapter_id || '/' || step || '/' || error_type FROM dead_letter WHERE event_id = ?",
                        String.class,
                        broken.eventId))
                .containsExactly("flow/sales-order-intake/validation"));
        awaitContractSigned(next);
        String stored = new String(
                jdbc.queryForObject("SELECT body FROM dead_letter WHERE event_id = ?", byte[].class, broken.eventId),
                StandardCharsets.UTF_8);
        assertThat(JSON.readTree(stored)).isEqualTo(JSON.readTree(noOrderId));
    }

    @Test
    void theTutorialsCrmAdapterRetriesAFailingCrmWithTheSameIdempotencyKey() throws Exception {
        Order order = Order.random("NORMAL");
        CRM.stubFor(put(urlEqualTo("/customers"))
                .withRequestBody(containing(order.customerId()))
                .inScenario(order.customerId())
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503))
                .willSetStateTo("recovered"));
        CRM.stubFor(put(urlEqualTo("/customers"))
                .withRequestBody(containing(order.customerId()))
                .inScenario(order.customerId())
                .whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(200)));

        assertThat(post(order).statusCode()).isEqualTo(202);

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(crmCalls(order)).hasSize(2));
        for (LoggedRequest call : crmCalls(order)) {
            assertThat(call.getHeader("Idempotency-Key")).isEqualTo(order.eventId + ":crm-upsert-customer");
            assertThat(call.getHeader("Authorization")).isEqualTo("Bearer it-crm-token");
            assertThat(call.getHeader("X-Correlation-ID")).isEqualTo(order.correlationId);
            assertThat(JSON.readTree(call.getBodyAsString()).path("lastOrderId").asText())
                    .isEqualTo(order.orderId);
        }
        awaitContractSigned(order);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM dead_letter WHERE correlation_id = ?",
                        Integer.class,
                        order.correlationId))
                .isZero();
    }

    @Test
    void theTutorialsCrmAdapterDeadLettersARefusalWithoutRetrying() throws Exception {
        Order order = Order.random("NORMAL");
        CRM.stubFor(put(urlEqualTo("/customers"))
                .withRequestBody(containing(order.customerId()))
                .willReturn(aResponse().withStatus(422)));

        assertThat(post(order).statusCode()).isEqualTo(202);

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(jdbc.queryForList(
                        "SELECT adapter_id || '/' || step || '/' || error_type FROM dead_letter WHERE event_id = ?",
                        String.class,
                        order.eventId))
                .containsExactly("crm/crm-upsert-customer/client_error"));
        assertThat(crmCalls(order)).hasSize(1);
        String stored = new String(
                jdbc.queryForObject("SELECT body FROM dead_letter WHERE event_id = ?", byte[].class, order.eventId),
                StandardCharsets.UTF_8);
        assertThat(JSON.readTree(stored)).isEqualTo(JSON.readTree(order.body()));
        assertThat(jdbc.queryForObject(
                        "SELECT headers FROM dead_letter WHERE event_id = ?", String.class, order.eventId))
                .contains(order.correlationId)
                .doesNotContain("it-crm-token");

        double pending = pendingDeadLetters("crm");
        assertThat(pending)
                .isPositive()
                .isEqualTo(jdbc.queryForObject(
                        "SELECT count(*) FROM dead_letter WHERE adapter_id = 'crm' AND status = 'pending'",
                        Double.class));

        // The CRM takes the customer now: the replay goes through the route, which reads Kafka, with the same key.
        CRM.stubFor(put(urlEqualTo("/customers"))
                .withRequestBody(containing(order.customerId()))
                .willReturn(aResponse().withStatus(201)));
        String letterId =
                jdbc.queryForObject("SELECT id FROM dead_letter WHERE event_id = ?", String.class, order.eventId);
        HttpResponse<String> replay = replay(letterId);
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
        assertThat(JSON.readTree(replay.body()).path("replayOutcome").asText()).isEqualTo("delivered");
        assertThat(crmCalls(order)).hasSize(2);
        assertThat(pendingDeadLetters("crm")).isEqualTo(pending - 1);
    }

    private double esignServerErrors() {
        var counter = meters.find("integration.errors")
                .tag("adapter_id", "esign")
                .tag("error_type", "server_error")
                .counter();
        return counter == null ? 0 : counter.count();
    }

    /** hub_dead_letters{adapter_id} as Prometheus scrapes it. */
    private double pendingDeadLetters(String adapterId) throws Exception {
        String scrape = send(request("/actuator/prometheus").GET()).body();
        Matcher gauge = Pattern.compile(
                        "(?m)^hub_dead_letters\\{[^}]*adapter_id=\"" + adapterId + "\"[^}]*} ([0-9.eE+]+)$")
                .matcher(scrape);
        assertThat(gauge.find())
                .as("hub_dead_letters{adapter_id=\"" + adapterId + "\"} in "
                        + scrape.lines()
                                .filter(line -> line.startsWith("hub_dead_letters"))
                                .toList())
                .isTrue();
        return Double.parseDouble(gauge.group(1));
    }

    private HttpResponse<String> replay(String letterId) throws Exception {
        return send(request("/v1/dead-letters/" + letterId + "/replay")
                .header("X-API-Key", "it-admin-key")
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    private static List<LoggedRequest> crmCalls(Order order) {
        return CRM.findAll(putRequestedFor(urlEqualTo("/customers"))
                .withHeader("Idempotency-Key", equalTo(order.eventId + ":crm-upsert-customer")));
    }

    private static WireMockServer crm() {
        WireMockServer server = new WireMockServer(options().dynamicPort());
        server.start();
        // Every other order's customer is simply stored; tests stub their own customer's answers above this.
        server.stubFor(put(urlEqualTo("/customers"))
                .atPriority(10)
                .willReturn(aResponse().withStatus(200)));
        return server;
    }

    private KafkaConsumer kafkaConsumerOf(String group) {
        return camel.getRoutes().stream()
                .map(Route::getConsumer)
                .filter(KafkaConsumer.class::isInstance)
                .map(KafkaConsumer.class::cast)
                .filter(consumer ->
                        group.equals(consumer.getEndpoint().getConfiguration().getGroupId()))
                .findFirst()
                .orElseThrow();
    }

    /** The member ids of a consumer group: a rebalance that made a consumer rejoin changes them. */
    private Set<String> members(String group) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.servers()))) {
            return admin.describeConsumerGroups(List.of(group)).all().get().get(group).members().stream()
                    .map(MemberDescription::consumerId)
                    .collect(Collectors.toSet());
        }
    }

    private void awaitContractSigned(Order order) {
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(effects("sales", order, "order.status"))
                .hasSize(1));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(effects("erp", order, "contract.signed"))
                .hasSize(1));
    }

    private List<JsonNode> effects(String system, Order order, String operation) throws Exception {
        return StreamSupport.stream(ledger(system).path("effects").spliterator(), false)
                .filter(effect -> effect.path("reference").asText().equals(order.orderId))
                .filter(effect -> effect.path("operation").asText().equals(operation))
                .toList();
    }

    private JsonNode ledger(String system) throws Exception {
        return JSON.readTree(
                send(request("/sandbox/" + system + "/ledger").GET()).body());
    }

    private void fault(String system, String fault) throws Exception {
        assertThat(send(request("/sandbox/" + system + "/faults")
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(fault)))
                        .statusCode())
                .isLessThan(300);
    }

    private HttpResponse<String> post(Order order) throws Exception {
        return post(order, order.body());
    }

    private HttpResponse<String> post(Order order, String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = request("/v1/webhooks/sales")
                .header("Content-Type", "application/json")
                .header("X-Correlation-ID", order.correlationId)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        WebhookSigner.sign("standard-webhooks", SALES_SECRET, order.eventId, Instant.now(), bytes)
                .forEach(request::header);
        return send(request);
    }

    private static List<String> steps(JsonNode receipt) {
        return StreamSupport.stream(receipt.path("steps").spliterator(), false)
                .map(step -> step.path("step").asText())
                .toList();
    }

    private static String placeholders(List<?> values) {
        return String.join(",", values.stream().map(v -> "?").toList());
    }

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An order.created event as the sales system sends it, with ids of its own so tests never share an order. */
    private record Order(String orderId, String eventId, String correlationId, String priority) {

        static Order random(String priority) {
            String unique = UUID.randomUUID().toString().substring(0, 8);
            return new Order("SO-" + unique, "evt_" + unique, UUID.randomUUID().toString(), priority);
        }

        String customerId() {
            return "C-" + orderId.substring(3);
        }

        String body() {
            return "{\"type\":\"order.created\",\"id\":\"" + eventId + "\",\"occurredAt\":\"2026-01-01T10:00:00Z\","
                    + "\"data\":{\"orderId\":\"" + orderId + "\",\"customerId\":\"" + customerId()
                    + "\",\"priority\":\""
                    + priority
                    + "\",\"currency\":\"EUR\",\"lines\":[{\"sku\":\"PUMP-7\",\"quantity\":2,\"unitPrice\":120.00}],"
                    + "\"signer\":{\"name\":\"Ada Lovelace\",\"email\":\"ada@example.com\"}}}";
        }
    }
}

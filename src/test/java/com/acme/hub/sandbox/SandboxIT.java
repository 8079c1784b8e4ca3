package com.acme.hub.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.acme.hub.adapter.erp.ErpTopology;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The simulated sales system, e-signature provider and ERP, over real HTTP, real RabbitMQ and the real database, with
 * the e-signature completions going to this hub's own webhook ingress.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("it")
@TestPropertySource(
        properties = {
            "hub.sandbox.enabled=true",
            "hub.sandbox.sales.token=" + SandboxIT.SALES_TOKEN,
            "hub.sandbox.esign.client-id=" + SandboxIT.CLIENT_ID,
            "hub.sandbox.esign.client-secret=" + SandboxIT.CLIENT_SECRET,
            "hub.sandbox.esign.account-id=" + SandboxIT.ACCOUNT,
            "hub.sandbox.esign.token-ttl=2s",
            "hub.sandbox.esign.complete-after=200ms",
            "hub.sandbox.esign.callback-backoff=200ms",
            "hub.sandbox.esign.callback-secret=" + SandboxIT.CONNECT_SECRET,
            "hub.webhooks.sources.esign.scheme=docusign",
            "hub.webhooks.sources.esign.secret=" + SandboxIT.CONNECT_SECRET,
        })
class SandboxIT {

    static final String SALES_TOKEN = "it-sales-token";
    static final String CLIENT_ID = "it-esign-client";
    static final String CLIENT_SECRET = "it-esign-client-secret";
    static final String ACCOUNT = "it-account";
    static final String CONNECT_SECRET = "it-esign-connect-secret";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    /**
     * The e-signature callbacks go through this relay on their way to the hub's ingress, so a test can make the first
     * deliveries fail (as a hub that is down would) and count how often the provider tried.
     */
    private static final CallbackRelay RELAY = new CallbackRelay();

    @DynamicPropertySource
    static void callbackThroughTheRelay(DynamicPropertyRegistry registry) {
        registry.add("hub.sandbox.esign.callback-url", () -> RELAY.url() + "/v1/webhooks/esign");
    }

    @AfterAll
    static void stopRelay() {
        RELAY.server.stop(0);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    RabbitTemplate rabbit;

    @Autowired
    ErpTopology.Names erp;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void resetTheSimulatedSystems() throws Exception {
        RELAY.hubPort = port;
        RELAY.failuresToInject.set(0);
        RELAY.deliveries.set(0);
        for (String system : List.of("sales", "erp", "esign")) {
            assertThat(send(request("/sandbox/" + system + "/ledger").DELETE()).statusCode())
                    .isEqualTo(204);
            assertThat(send(request("/sandbox/" + system + "/faults").DELETE()).statusCode())
                    .isEqualTo(204);
        }
    }

    // --- sales ---

    @Test
    void salesIntakeWithTheSameIdempotencyKeyTwiceMakesOneEffectAndAnswersTheSame() throws Exception {
        String key = "intake-" + UUID.randomUUID();
        long before = requests("sales");
        HttpResponse<String> first = intake(key, "SO-1001", SALES_TOKEN);
        HttpResponse<String> second = intake(key, "SO-1001", SALES_TOKEN);

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(second.statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(second.body())).isEqualTo(JSON.readTree(first.body()));
        assertThat(JSON.readTree(first.body()).path("orderId").asText()).isEqualTo("SO-1001");

        assertThat(requests("sales") - before).isEqualTo(2);
        assertThat(effects("sales", key)).hasSize(1);
        JsonNode effect = effects("sales", key).get(0);
        assertThat(effect.path("operation").asText()).isEqualTo("order.intake");
        assertThat(effect.path("reference").asText()).isEqualTo("SO-1001");
        assertThat(effect.path("at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");

        String other = "intake-" + UUID.randomUUID();
        assertThat(intake(other, "SO-1002", SALES_TOKEN).statusCode()).isEqualTo(201);
        assertThat(effects("sales", key, other)).hasSize(2);
    }

    @Test
    void salesStatusUpdateIsRecordedAgainstTheOrder() throws Exception {
        String key = "status-" + UUID.randomUUID();
        HttpResponse<String> response = send(request("/sandbox/sales/api/v2/orders/SO-1001/status")
                .header("Authorization", "Bearer " + SALES_TOKEN)
                .header("Idempotency-Key", key)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"status\":\"CONTRACT_SIGNED\"}")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("status").asText()).isEqualTo("CONTRACT_SIGNED");
        assertThat(effects("sales", key)).hasSize(1);
        JsonNode effect = effects("sales", key).get(0);
        assertThat(effect.path("operation").asText()).isEqualTo("order.status");
        assertThat(effect.path("reference").asText()).isEqualTo("SO-1001");
    }

    @Test
    void salesRefusesCallsWithoutOrWithAWrongTokenOrWithoutIdempotencyKeyAndCountsThem() throws Exception {
        String noTokenKey = "k-" + UUID.randomUUID();
        String wrongTokenKey = "k-" + UUID.randomUUID();
        long before = requests("sales");
        HttpResponse<String> noToken = send(request("/sandbox/sales/api/v2/orders/intake")
                .header("Idempotency-Key", noTokenKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"orderId\":\"SO-1\"}")));
        HttpResponse<String> wrongToken = intake(wrongTokenKey, "SO-1", "not-the-token");
        HttpResponse<String> noKey = send(request("/sandbox/sales/api/v2/orders/intake")
                .header("Authorization", "Bearer " + SALES_TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"orderId\":\"SO-1\"}")));

        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(wrongToken.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(wrongToken.body()).path("error").path("code").asText())
                .isEqualTo("UNAUTHORIZED");
        assertThat(noKey.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noKey.body()).path("error").path("code").asText())
                .isEqualTo("MISSING_IDEMPOTENCY_KEY");
        assertThat(requests("sales") - before).isEqualTo(3);
        assertThat(effects("sales", noTokenKey, wrongTokenKey)).isEmpty();
    }

    // --- faults ---

    @Test
    void faultAtErrorRateOneFailsEveryCallWithTheConfiguredStatusAndRetryAfter() throws Exception {
        HttpResponse<String> set =
                postJson("/sandbox/sales/faults", "{\"errorRate\":1.0,\"status\":429,\"retryAfterSeconds\":2}");
        assertThat(set.statusCode()).isEqualTo(200);
        String run = "fault-" + UUID.randomUUID() + "-";
        long before = requests("sales");

        for (int i = 0; i < 5; i++) {
            HttpResponse<String> response = intake(run + i, "SO-" + i, SALES_TOKEN);
            assertThat(response.statusCode()).isEqualTo(429);
            assertThat(response.headers().firstValue("Retry-After")).hasValue("2");
            assertThat(JSON.readTree(response.body()).path("error").path("code").asText())
                    .isEqualTo("SANDBOX_FAULT");
        }
        assertThat(requests("sales") - before).isEqualTo(5);
        assertThat(effects("sales", keys(run, 5))).isEmpty();
    }

    @Test
    void faultAtErrorRateZeroFailsNoCallAndTheDefaultStatusIs503() throws Exception {
        postJson("/sandbox/sales/faults", "{\"errorRate\":0}");
        String run = "ok-" + UUID.randomUUID() + "-";
        long before = requests("sales");
        for (int i = 0; i < 5; i++) {
            assertThat(intake(run + i, "SO-" + i, SALES_TOKEN).statusCode()).isEqualTo(201);
        }
        assertThat(effects("sales", keys(run, 5))).hasSize(5);

        postJson("/sandbox/sales/faults", "{\"errorRate\":1}");
        HttpResponse<String> failed = intake(run + "down", "SO-9", SALES_TOKEN);
        assertThat(failed.statusCode()).isEqualTo(503);
        assertThat(failed.headers().firstValue("Retry-After")).isEmpty();

        send(request("/sandbox/sales/faults").DELETE());
        assertThat(intake(run + "up-again", "SO-9", SALES_TOKEN).statusCode()).isEqualTo(201);
        assertThat(requests("sales") - before).isEqualTo(7);
        assertThat(effects("sales", run + "down", run + "up-again"))
                .extracting(effect -> effect.path("idempotencyKey").asText())
                .containsExactly(run + "up-again");
    }

    @Test
    void faultLatencyDelaysEveryCall() throws Exception {
        postJson("/sandbox/sales/faults", "{\"latencyMs\":400}");
        long started = System.nanoTime();
        assertThat(intake("slow", "SO-1", SALES_TOKEN).statusCode()).isEqualTo(201);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void invalidFaultSettingsAreRefusedInTheErrorFormat() throws Exception {
        for (String bad : List.of(
                "{\"errorRate\":1.5}",
                "{\"errorRate\":\"half\"}",
                "{\"status\":200}",
                "{\"latencyMs\":-1}",
                "{\"retryAfterSeconds\":-3}",
                "{\"errorRat\":0.5}",
                "not json",
                "[1]")) {
            HttpResponse<String> response = postJson("/sandbox/sales/faults", bad);
            assertThat(response.statusCode()).as(bad).isEqualTo(400);
            JsonNode error = JSON.readTree(response.body()).path("error");
            assertThat(error.path("code").asText()).as(bad).isEqualTo("INVALID_FAULT");
            assertThat(error.path("timestamp").asText()).isNotEmpty();
        }
        assertThat(intake("after-bad-faults", "SO-1", SALES_TOKEN).statusCode()).isEqualTo(201);
        assertThat(postJson("/sandbox/crm/faults", "{}").statusCode()).isEqualTo(404);
        assertThat(send(request("/sandbox/crm/ledger").GET()).statusCode()).isEqualTo(404);
    }

    // --- e-signature ---

    @Test
    void esignIssuesTokensOnlyForItsClientCredentials() throws Exception {
        long before = requests("esign");
        HttpResponse<String> form =
                token("grant_type=client_credentials&client_id=" + CLIENT_ID + "&client_secret=" + CLIENT_SECRET, null);
        assertThat(form.statusCode()).isEqualTo(200);
        JsonNode issued = JSON.readTree(form.body());
        assertThat(issued.path("access_token").asText()).isNotBlank();
        assertThat(issued.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(issued.path("expires_in").asLong()).isEqualTo(2);

        String basic = "Basic "
                + Base64.getEncoder()
                        .encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        assertThat(token("grant_type=client_credentials", basic).statusCode()).isEqualTo(200);

        HttpResponse<String> wrongSecret =
                token("grant_type=client_credentials&client_id=" + CLIENT_ID + "&client_secret=guess", null);
        assertThat(wrongSecret.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(wrongSecret.body()).path("error").path("code").asText())
                .isEqualTo("INVALID_CLIENT");
        assertThat(token("grant_type=password&client_id=" + CLIENT_ID + "&client_secret=" + CLIENT_SECRET, null)
                        .statusCode())
                .isEqualTo(400);
        assertThat(requests("esign") - before).isEqualTo(4);
    }

    @Test
    void esignRefusesEnvelopesWithoutAValidOrWithAnExpiredToken() throws Exception {
        assertThat(createEnvelope("no-token", "SO-1", null).statusCode()).isEqualTo(401);
        assertThat(createEnvelope("made-up", "SO-1", "made-up-token").statusCode())
                .isEqualTo(401);

        String token = accessToken();
        // Without an Idempotency-Key a valid token gets past authentication to 400; once it expires (ttl 2s), 401.
        assertThat(createEnvelopeWithoutKey(token).statusCode()).isEqualTo(400);
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> createEnvelopeWithoutKey(token).statusCode() == 401);
        assertThat(accessToken()).isNotEqualTo(token);
    }

    @Test
    void envelopeCreatedTwiceWithOneKeyIsOneEnvelopeCompletedOnceAndTheHubAcceptsTheRetriedCallback() throws Exception {
        RELAY.failuresToInject.set(2);
        String key = "envelope-" + UUID.randomUUID();
        String orderId = "SO-" + UUID.randomUUID();
        HttpResponse<String> first = createEnvelope(key, orderId, accessToken());
        HttpResponse<String> second = createEnvelope(key, orderId, accessToken());

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(second.statusCode()).isEqualTo(201);
        JsonNode envelope = JSON.readTree(first.body());
        String envelopeId = envelope.path("envelopeId").asText();
        assertThat(envelopeId).isNotBlank();
        assertThat(envelope.path("status").asText()).isEqualTo("sent");
        assertThat(JSON.readTree(second.body()).path("envelopeId").asText()).isEqualTo(envelopeId);

        String eventId = envelopeId + "-completed";
        await().atMost(PATIENCE)
                .until(
                        () -> jdbc.queryForList(
                                "SELECT status FROM webhook_receipt WHERE source = 'esign' AND event_id = ?",
                                String.class,
                                eventId),
                        statuses -> statuses.equals(List.of("stored")));
        // Two deliveries answered 503 by the relay, the third reached the hub.
        assertThat(RELAY.deliveries.get()).isEqualTo(3);

        HttpResponse<String> receipt = send(request("/v1/events/esign/" + eventId)
                .header(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString("operator:it-console-secret".getBytes(StandardCharsets.UTF_8)))
                .GET());
        assertThat(receipt.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(receipt.body()).path("status").asText()).isEqualTo("stored");

        List<JsonNode> effects = new ArrayList<>();
        ledger("esign").path("effects").forEach(effects::add);
        assertThat(effects)
                .filteredOn(e -> e.path("reference").asText().equals(orderId))
                .extracting(e -> e.path("operation").asText() + " "
                        + e.path("idempotencyKey").asText())
                .containsExactlyInAnyOrder("envelope.create " + key, "envelope.completed " + eventId);

        // The callback body is what DocuSign Connect sends, and names the order.
        String callback = jdbc.queryForObject(
                "SELECT result FROM sandbox_effect WHERE system_name = 'esign' AND idempotency_key = ?",
                String.class,
                eventId);
        JsonNode connect = JSON.readTree(callback);
        assertThat(connect.path("event").asText()).isEqualTo("envelope-completed");
        assertThat(connect.path("data").path("accountId").asText()).isEqualTo(ACCOUNT);
        assertThat(connect.path("data").path("envelopeSummary").path("status").asText())
                .isEqualTo("completed");
        assertThat(connect.path("data")
                        .path("envelopeSummary")
                        .path("customFields")
                        .path("orderId")
                        .asText())
                .isEqualTo(orderId);
    }

    @Test
    void envelopesAreOnlyCreatedInTheConfiguredAccountAndForAnOrder() throws Exception {
        String token = accessToken();
        String otherKey = "k-other-" + UUID.randomUUID();
        String noOrderKey = "k-no-order-" + UUID.randomUUID();
        HttpResponse<String> otherAccount = send(request("/sandbox/esign/restapi/v2.1/accounts/someone-else/envelopes")
                .header("Authorization", "Bearer " + token)
                .header("Idempotency-Key", otherKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"orderId\":\"SO-1\"}")));
        assertThat(otherAccount.statusCode()).isEqualTo(404);
        HttpResponse<String> noOrder = send(request("/sandbox/esign/restapi/v2.1/accounts/" + ACCOUNT + "/envelopes")
                .header("Authorization", "Bearer " + token)
                .header("Idempotency-Key", noOrderKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"emailSubject\":\"Contract\"}")));
        assertThat(noOrder.statusCode()).isEqualTo(400);
        assertThat(effects("esign", otherKey, noOrderKey)).isEmpty();
    }

    // --- ERP ---

    @Test
    void erpBooksACommandFromRabbitmqAndAnswersOrderBookedWithTheCorrelationId() throws Exception {
        String correlationId = "corr-" + UUID.randomUUID();
        String key = "book-" + UUID.randomUUID();
        long before = requests("erp");
        sendCommand("SO-1001", key, correlationId);

        Message answer = awaitEvent(correlationId);
        JsonNode booked = JSON.readTree(answer.getBody());
        assertThat(booked.path("type").asText()).isEqualTo("order.booked");
        assertThat(booked.path("orderId").asText()).isEqualTo("SO-1001");
        assertThat(booked.path("erpOrderNumber").asText()).startsWith("ERP-");
        assertThat(booked.path("bookedAt").asText()).isNotBlank();
        MessageProperties properties = answer.getMessageProperties();
        assertThat(properties.getContentType()).isEqualTo("application/json");
        assertThat(String.valueOf((Object) properties.getHeader("Idempotency-Key")))
                .isEqualTo(key);

        assertThat(requests("erp") - before).isEqualTo(1);
        assertThat(effects("erp", key)).singleElement().satisfies(effect -> {
            assertThat(effect.path("operation").asText()).isEqualTo("order.book");
            assertThat(effect.path("reference").asText()).isEqualTo("SO-1001");
        });
    }

    @Test
    void erpAnswersARepeatedCommandAgainWithoutBookingItTwice() throws Exception {
        String key = "book-" + UUID.randomUUID();
        String firstCorrelation = "corr-" + UUID.randomUUID();
        String secondCorrelation = "corr-" + UUID.randomUUID();
        long before = requests("erp");
        sendCommand("SO-2002", key, firstCorrelation);
        JsonNode first = JSON.readTree(awaitEvent(firstCorrelation).getBody());
        sendCommand("SO-2002", key, secondCorrelation);
        JsonNode second = JSON.readTree(awaitEvent(secondCorrelation).getBody());

        assertThat(second).isEqualTo(first);
        assertThat(requests("erp") - before).isEqualTo(2);
        assertThat(effects("erp", key)).hasSize(1);
    }

    @Test
    void erpThatIsDownRequeuesTheCommandAndBooksItOnceItIsBack() throws Exception {
        postJson("/sandbox/erp/faults", "{\"errorRate\":1.0,\"latencyMs\":50}");
        String correlationId = "corr-" + UUID.randomUUID();
        String key = "book-" + UUID.randomUUID();
        long before = requests("erp");
        sendCommand("SO-3003", key, correlationId);

        await().atMost(PATIENCE).until(() -> requests("erp") - before >= 3);
        assertThat(effects("erp", key)).isEmpty();

        send(request("/sandbox/erp/faults").DELETE());
        Message answer = awaitEvent(correlationId);
        assertThat(JSON.readTree(answer.getBody()).path("orderId").asText()).isEqualTo("SO-3003");
        assertThat(effects("erp", key)).hasSize(1);
    }

    // --- the ledger itself ---

    @Test
    void ledgersAreKeptInTheDatabaseApartFromTheHubsTables() throws Exception {
        String key = "durable-" + UUID.randomUUID();
        long before = storedRequests();
        intake(key, "SO-4004", SALES_TOKEN);
        intake(key, "SO-4004", SALES_TOKEN);

        Map<String, Object> row = jdbc.queryForMap(
                "SELECT operation, reference, result FROM sandbox_effect"
                        + " WHERE system_name = 'sales' AND idempotency_key = ?",
                key);
        assertThat(row).containsEntry("operation", "order.intake").containsEntry("reference", "SO-4004");
        assertThat(JSON.readTree((String) row.get("result")).path("orderId").asText())
                .isEqualTo("SO-4004");
        assertThat(storedRequests() - before).isEqualTo(2);

        assertThat(send(request("/sandbox/sales/ledger").DELETE()).statusCode()).isEqualTo(204);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM sandbox_effect WHERE system_name = 'sales'", Integer.class))
                .isZero();
    }

    // --- helpers ---

    private HttpResponse<String> intake(String key, String orderId, String token) throws Exception {
        return send(request("/sandbox/sales/api/v2/orders/intake")
                .header("Authorization", "Bearer " + token)
                .header("Idempotency-Key", key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"type\":\"order.created\",\"data\":{\"orderId\":\"" + orderId + "\"}}")));
    }

    private HttpResponse<String> token(String form, String authorization) throws Exception {
        HttpRequest.Builder request = request("/sandbox/esign/oauth/token")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }

    private String accessToken() throws Exception {
        HttpResponse<String> response =
                token("grant_type=client_credentials&client_id=" + CLIENT_ID + "&client_secret=" + CLIENT_SECRET, null);
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body()).path("access_token").asText();
    }

    private HttpResponse<String> createEnvelope(String key, String orderId, String token) throws Exception {
        HttpRequest.Builder request = request("/sandbox/esign/restapi/v2.1/accounts/" + ACCOUNT + "/envelopes")
                .header("Idempotency-Key", key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"emailSubject\":\"Your contract\",\"status\":\"sent\","
                        + "\"customFields\":{\"orderId\":\"" + orderId + "\"}}"));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request);
    }

    private HttpResponse<String> createEnvelopeWithoutKey(String token) throws Exception {
        return send(request("/sandbox/esign/restapi/v2.1/accounts/" + ACCOUNT + "/envelopes")
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"orderId\":\"SO-1\"}")));
    }

    private void sendCommand(String orderId, String key, String correlationId) {
        MessageProperties properties = new MessageProperties();
        properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        properties.setHeader("Idempotency-Key", key);
        properties.setHeader("correlation-id", correlationId);
        properties.setPriority(7);
        byte[] body = ("{\"type\":\"order.book\",\"orderId\":\"" + orderId + "\",\"customerId\":\"C-42\","
                        + "\"priority\":\"HIGH\",\"lines\":[{\"sku\":\"PUMP-7\",\"quantity\":2}]}")
                .getBytes(StandardCharsets.UTF_8);
        rabbit.send(erp.commands(), ErpTopology.BOOK_ORDER, new Message(body, properties));
    }

    /** Reads this hub's ERP events queue until this test's answer arrives; answers to other commands are passed over. */
    private Message awaitEvent(String correlationId) {
        AtomicReference<Message> found = new AtomicReference<>();
        await().atMost(PATIENCE).until(() -> {
            Message message = rabbit.receive(erp.events(), 500);
            if (message != null
                    && correlationId.equals(String.valueOf(
                            (Object) message.getMessageProperties().getHeader("correlation-id")))) {
                found.set(message);
            }
            return found.get() != null;
        });
        return found.get();
    }

    private long storedRequests() {
        return jdbc.queryForObject("SELECT requests FROM sandbox_request WHERE system_name = 'sales'", Long.class);
    }

    /**
     * The ledger's request counter. It counts the calls of every hub sharing the database, so tests compare it
     * before and after, never against an absolute number.
     */
    private long requests(String system) throws Exception {
        return ledger(system).path("requests").asLong();
    }

    /** The ledger's effects with these idempotency keys: other tests' effects may share the ledger. */
    private List<JsonNode> effects(String system, String... keys) throws Exception {
        List<String> wanted = List.of(keys);
        List<JsonNode> found = new ArrayList<>();
        ledger(system).path("effects").forEach(effect -> {
            if (wanted.contains(effect.path("idempotencyKey").asText())) {
                found.add(effect);
            }
        });
        return found;
    }

    private static String[] keys(String prefix, int count) {
        return java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> prefix + i)
                .toArray(String[]::new);
    }

    private JsonNode ledger(String system) throws Exception {
        HttpResponse<String> response =
                send(request("/sandbox/" + system + "/ledger").GET());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> postJson(String path, String body) throws Exception {
        return send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Answers 503 to the first {@code failuresToInject} callbacks, then forwards them to the hub as they are. */
    static final class CallbackRelay {

        final HttpServer server;
        final AtomicInteger failuresToInject = new AtomicInteger();
        final AtomicInteger deliveries = new AtomicInteger();
        volatile int hubPort;
        private final HttpClient client = HttpClient.newHttpClient();

        CallbackRelay() {
            try {
                server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                deliveries.incrementAndGet();
                int status;
                if (failuresToInject.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    status = 503;
                } else {
                    HttpRequest.Builder forward = HttpRequest.newBuilder(
                                    URI.create("http://localhost:" + hubPort + exchange.getRequestURI()))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
                    for (String header : List.of("Content-Type", "X-DocuSign-Signature-1", "X-Event-ID")) {
                        String value = exchange.getRequestHeaders().getFirst(header);
                        if (value != null) {
                            forward.header(header, value);
                        }
                    }
                    try {
                        status = client.send(forward.build(), HttpResponse.BodyHandlers.discarding())
                                .statusCode();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        status = 502;
                    }
                }
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://localhost:" + server.getAddress().getPort();
        }
    }
}

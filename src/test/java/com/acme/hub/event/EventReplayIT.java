package com.acme.hub.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.acme.hub.platform.kafka.KafkaBootstrap;
import com.acme.hub.webhook.WebhookSigner;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Replays of history over the order-to-contract flows (routes/*.yaml), the simulated ERP, e-signature provider and
 * sales system, the real in-process Kafka and PostgreSQL. The context is closed afterwards so its flows stop
 * consuming before other tests use the same queues.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("it")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestPropertySource(
        properties = {
            "camel.main.routes-include-pattern=file:routes/*.yaml,classpath:replay/*.yaml",
            "hub.sandbox.enabled=true",
            "hub.sandbox.sales.token=it-sales-token",
            "hub.sandbox.esign.client-id=it-client",
            "hub.sandbox.esign.client-secret=it-client-secret",
            "hub.sandbox.esign.account-id=it-account",
            "hub.sandbox.esign.complete-after=200ms",
            "hub.sandbox.esign.callback-backoff=200ms",
            "hub.sandbox.esign.callback-secret=ds-new-secret",
            "hub.adapters.sales.retry.max-attempts=2",
            "hub.adapters.sales.retry.initial-delay=20ms",
            "hub.adapters.sales.retry.max-delay=50ms",
            "hub.adapters.sales.rate-limit.per-second=100",
            "hub.adapters.esign.rate-limit.per-second=50",
            "hub.jobs.poll-interval=200ms",
        })
class EventReplayIT {

    private static final String SALES_SECRET = "whsec_bmV3LXNhbGVzLXNlY3JldC1mb3ItdGVzdHM=";
    private static final String KEY = "it-admin-key";
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PORT = freePort();

    @DynamicPropertySource
    static void adaptersCallThisHubsSandbox(DynamicPropertyRegistry registry) {
        String sandbox = "http://localhost:" + PORT + "/sandbox";
        registry.add("server.port", () -> PORT);
        registry.add("hub.adapters.sales.base-url", () -> sandbox + "/sales");
        registry.add("hub.adapters.esign.base-url", () -> sandbox + "/esign");
        registry.add("hub.adapters.esign.token-url", () -> sandbox + "/esign/oauth/token");
    }

    @Autowired
    JdbcTemplate jdbc;

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
    void replayingTheCallbacksSetsOnlyTheMissingStatusesAndCallsNothingTwice() throws Exception {
        Instant since = Instant.now();
        List<String> completed = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            completed.add(postOrder());
        }
        for (String order : completed) {
            await().atMost(PATIENCE).until(() -> effects("sales", order, "order.status"), n -> n == 1);
        }
        // The sales system refuses every status update from now on: the next orders stop at the last step.
        fault("sales", "{\"errorRate\":1.0,\"status\":422}");
        List<String> stopped = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            stopped.add(postOrder());
        }
        for (String order : stopped) {
            await().atMost(PATIENCE).until(() -> effects("erp", order, "contract.signed"), n -> n == 1);
            await().atMost(PATIENCE)
                    .until(
                            () -> jdbc.queryForObject(
                                    "SELECT count(*) FROM dead_letter WHERE step = 'sales-update-order-status'"
                                            + " AND correlation_id = ?",
                                    Integer.class,
                                    "corr-" + order),
                            n -> n == 1);
            assertThat(effects("sales", order, "order.status")).isZero();
        }
        clearFaults();
        Instant until = Instant.now();
        Map<String, Integer> before = requests();

        HttpResponse<String> started = replay("{\"source\":\"esign\",\"since\":\"" + since + "\",\"until\":\"" + until
                + "\",\"types\":[\"envelope-completed\"],\"flows\":[\"esign-envelope-completed\"]}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        JsonNode job = JSON.readTree(started.body());
        assertThat(job.path("kind").asText()).isEqualTo("event-replay");
        assertThat(started.headers().firstValue("Location"))
                .hasValue("/v1/jobs/" + job.path("id").asText());
        JsonNode finished = awaitJob(job.path("id").asText(), "done");

        assertThat(finished.path("total").asInt()).isGreaterThanOrEqualTo(4);
        assertThat(finished.path("done").asInt())
                .isEqualTo(finished.path("total").asInt());
        assertThat(finished.path("failed").asInt()).isZero();
        for (String order : completed) {
            assertThat(effects("sales", order, "order.status")).as(order).isEqualTo(1);
            assertThat(effects("erp", order, "contract.signed")).as(order).isEqualTo(1);
        }
        for (String order : stopped) {
            assertThat(effects("sales", order, "order.status")).as(order).isEqualTo(1);
            assertThat(effects("erp", order, "contract.signed")).as(order).isEqualTo(1);
        }
        Map<String, Integer> after = requests();
        assertThat(after.get("erp")).isEqualTo(before.get("erp"));
        assertThat(after.get("esign")).isEqualTo(before.get("esign"));
        assertThat(after.get("sales")).isEqualTo(before.get("sales") + stopped.size());
    }

    @Test
    void aReplayOverlappingARunningOneOfTheSameFlowIs409AndACancelledOneStops() throws Exception {
        post("generic", "{\"kind\":\"probe\"}");
        String range = "\"since\":\"" + Instant.now().minus(Duration.ofHours(1)) + "\",\"until\":\""
                + Instant.now().plusSeconds(5) + "\"";
        for (int i = 0; i < 30; i++) {
            post("generic", "{\"kind\":\"probe\"}");
        }
        HttpResponse<String> first = replay("{\"source\":\"generic\"," + range + ",\"flows\":[\"it-replay-probe\"]}");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        String id = JSON.readTree(first.body()).path("id").asText();

        HttpResponse<String> second = replay("{\"source\":\"generic\"," + range + ",\"flows\":[\"it-replay-probe\"]}");
        assertThat(second.statusCode()).isEqualTo(409);
        JsonNode error = JSON.readTree(second.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("REPLAY_IN_PROGRESS");
        assertThat(error.path("details").path("jobId").asText()).isEqualTo(id);

        HttpResponse<String> cancelled =
                send(request("/v1/jobs/" + id).header("X-API-Key", KEY).DELETE());
        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        assertThat(JSON.readTree(cancelled.body()).path("status").asText()).isEqualTo("cancelled");
        long doneAtCancel = job(id).path("done").asLong();
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(job(id).path("done").asLong()).isLessThanOrEqualTo(doneAtCancel + 1));
        assertThat(job(id).path("done").asLong())
                .isLessThan(job(id).path("total").asLong());
        assertThat(send(request("/v1/jobs/" + id).header("X-API-Key", KEY).DELETE())
                        .statusCode())
                .isEqualTo(409);

        HttpResponse<String> again = replay("{\"source\":\"generic\"," + range + ",\"flows\":[\"it-replay-probe\"]}");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
        send(request("/v1/jobs/" + JSON.readTree(again.body()).path("id").asText())
                .header("X-API-Key", KEY)
                .DELETE());
        JsonNode listed = JSON.readTree(send(request("/v1/jobs?kind=event-replay&status=cancelled")
                        .header("X-API-Key", KEY)
                        .GET())
                .body());
        assertThat(StreamSupport.stream(listed.path("items").spliterator(), false)
                        .map(item -> item.path("id").asText()))
                .contains(id);
    }

    @Test
    void aReplayFromBeforeWhatKafkaStillHoldsIs400NamingTheOldestTime() throws Exception {
        // Six events on three partitions: at least one partition has two, of which retention takes the first.
        for (int i = 0; i < 6; i++) {
            post("shopify", "{}");
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.servers()))) {
            Map<TopicPartition, RecordsToDelete> deletions = new HashMap<>();
            var partitions = admin.describeTopics(List.of("hub.inbound.shopify"))
                    .allTopicNames()
                    .get()
                    .get("hub.inbound.shopify")
                    .partitions();
            for (var info : partitions) {
                TopicPartition partition = new TopicPartition("hub.inbound.shopify", info.partition());
                long end = admin.listOffsets(Map.of(partition, org.apache.kafka.clients.admin.OffsetSpec.latest()))
                        .partitionResult(partition)
                        .get()
                        .offset();
                if (end >= 2) {
                    deletions.put(partition, RecordsToDelete.beforeOffset(end - 1));
                }
            }
            admin.deleteRecords(deletions).all().get();
        }
        HttpResponse<String> refused = replay(
                "{\"source\":\"shopify\",\"since\":\"2020-01-01T00:00:00Z\"," + "\"flows\":[\"it-replay-shopify\"]}");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        JsonNode error = JSON.readTree(refused.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("BEFORE_RETENTION");
        Instant oldest =
                Instant.parse(error.path("details").path("oldestAvailable").asText());
        assertThat(oldest).isAfter(Instant.parse("2020-01-01T00:00:00Z"));

        assertThat(replay("{\"source\":\"shopify\",\"since\":\"" + oldest + "\",\"flows\":[\"it-replay-shopify\"]}")
                        .statusCode())
                .isEqualTo(202);
        assertThat(replay("{\"source\":\"shopify\",\"since\":\"" + oldest
                                + "\",\"flows\":[\"esign-envelope-completed\"]}")
                        .statusCode())
                .as("a flow that reads another source")
                .isEqualTo(400);
        assertThat(replay("{\"source\":\"nowhere\",\"since\":\"" + oldest + "\",\"flows\":[\"x\"]}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(replay("{\"source\":\"esign\",\"since\":\"" + oldest + "\",\"flows\":[\"no-such-flow\"]}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(replay("{\"source\":\"esign\",\"flows\":[\"esign-envelope-completed\"]}")
                        .statusCode())
                .isEqualTo(400);
    }

    private JsonNode awaitJob(String id, String status) throws Exception {
        await().atMost(PATIENCE).until(() -> job(id).path("status").asText(), status::equals);
        return job(id);
    }

    private JsonNode job(String id) throws Exception {
        return JSON.readTree(
                send(request("/v1/jobs/" + id).header("X-API-Key", KEY).GET()).body());
    }

    private HttpResponse<String> replay(String body) throws Exception {
        return send(request("/v1/events/replay")
                .header("X-API-Key", KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private String postOrder() throws Exception {
        String unique = UUID.randomUUID().toString().substring(0, 8);
        String orderId = "SO-R" + unique;
        String eventId = "evt_r" + unique;
        String body = "{\"type\":\"order.created\",\"id\":\"" + eventId + "\",\"occurredAt\":\"2026-01-01T10:00:00Z\","
                + "\"data\":{\"orderId\":\"" + orderId + "\",\"customerId\":\"C-1\",\"priority\":\"NORMAL\","
                + "\"currency\":\"EUR\",\"lines\":[{\"sku\":\"PUMP-7\",\"quantity\":1,\"unitPrice\":10.00}],"
                + "\"signer\":{\"name\":\"Ada Lovelace\",\"email\":\"ada@example.com\"}}}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = request("/v1/webhooks/sales")
                .header("Content-Type", "application/json")
                .header("X-Correlation-ID", "corr-" + orderId)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        WebhookSigner.sign("standard-webhooks", SALES_SECRET, eventId, Instant.now(), bytes)
                .forEach(request::header);
        assertThat(send(request).statusCode()).isEqualTo(202);
        return orderId;
    }

    private void post(String source, String body) throws Exception {
        String scheme = source.equals("generic") ? "hmac-sha256" : "shopify";
        String secret = source.equals("generic") ? "gen-new-secret" : "sh-new-secret";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = request("/v1/webhooks/" + source)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        WebhookSigner.sign(scheme, secret, UUID.randomUUID().toString(), Instant.now(), bytes)
                .forEach(request::header);
        assertThat(send(request).statusCode()).isEqualTo(202);
    }

    private int effects(String system, String order, String operation) throws Exception {
        return (int) StreamSupport.stream(ledger(system).path("effects").spliterator(), false)
                .filter(effect -> effect.path("reference").asText().equals(order))
                .filter(effect -> effect.path("operation").asText().equals(operation))
                .count();
    }

    private Map<String, Integer> requests() throws Exception {
        Map<String, Integer> requests = new HashMap<>();
        for (String system : List.of("sales", "erp", "esign")) {
            requests.put(system, ledger(system).path("requests").asInt());
        }
        return requests;
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

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + PORT + path));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

package com.acme.hub.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.acme.hub.webhook.WebhookSigner;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Traces, logs and metrics of a hub running the real flows. One order through the whole flow is one trace: the ingress continues the sales system's traceparent, and the Kafka
 * publish and consume, each step, the ERP command and its answer on RabbitMQ, each HTTP call and the e-signature
 * provider's callback all join it, each hop the child of the hop that sent it. Spans go to an in-memory exporter.
 * Every metric the alert rules and dashboards use is in a live scrape, and no label grows with the events.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@AutoConfigureObservability
@ActiveProfiles("it")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(
        properties = {
            "camel.main.routes-include-pattern=file:routes/*.yaml",
            "hub.sandbox.enabled=true",
            "hub.sandbox.sales.token=it-sales-token",
            "hub.sandbox.esign.client-id=it-client",
            "hub.sandbox.esign.client-secret=it-client-secret",
            "hub.sandbox.esign.account-id=it-account",
            "hub.sandbox.esign.complete-after=100ms",
            "hub.sandbox.esign.callback-backoff=200ms",
            "hub.sandbox.esign.callback-secret=" + ObservabilityIT.CONNECT_SECRET,
            "hub.adapters.esign.retry.max-attempts=2",
            "hub.adapters.esign.retry.initial-delay=20ms",
            "hub.adapters.esign.retry.max-delay=50ms",
        })
class ObservabilityIT {

    static final String CONNECT_SECRET = "ds-new-secret";
    private static final String SALES_SECRET = "whsec_bmV3LXNhbGVzLXNlY3JldC1mb3ItdGVzdHM=";
    private static final Duration PATIENCE = Duration.ofSeconds(45);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PORT = freePort();
    private static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
    private static final AttributeKey<String> EVENT_ID = AttributeKey.stringKey("event.id");
    private static final AttributeKey<String> ADAPTER_ID = AttributeKey.stringKey("adapter.id");

    @TestConfiguration
    static class InMemorySpans {
        @Bean(destroyMethod = "close")
        @Primary
        OpenTelemetrySdk inMemoryOpenTelemetry() {
            return OpenTelemetrySdk.builder()
                    .setTracerProvider(SdkTracerProvider.builder()
                            .addSpanProcessor(SimpleSpanProcessor.create(SPANS))
                            .build())
                    .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                    .build();
        }
    }

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

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    @AfterEach
    void clearFaults() throws Exception {
        for (String system : List.of("sales", "erp", "esign")) {
            send(request("/sandbox/" + system + "/faults").DELETE());
        }
    }

    @Test
    void oneOrderIsOneTraceFromTheWebhookToTheSignedContract(CapturedOutput output) throws Exception {
        String unique = UUID.randomUUID().toString().substring(0, 8);
        String orderId = "SO-" + unique;
        String eventId = "evt_" + unique;
        String traceId = randomHex(16);
        String senderSpan = randomHex(8);

        assertThat(post(orderId, eventId, "00-" + traceId + "-" + senderSpan + "-01")
                        .statusCode())
                .isEqualTo(202);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(effects("erp", orderId, "contract.signed"))
                .hasSize(1));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(effects("sales", orderId, "order.status"))
                .hasSize(1));

        await().atMost(PATIENCE).untilAsserted(() -> {
            List<SpanData> trace = trace(traceId);
            Map<String, SpanData> byId = trace.stream().collect(Collectors.toMap(SpanData::getSpanId, s -> s));
            String described = describe(trace);

            // The ingress continues the sender's trace.
            SpanData ingress = one(
                    trace,
                    described,
                    span -> span.getKind() == SpanKind.SERVER
                            && eventId.equals(span.getAttributes().get(EVENT_ID)));
            assertThat(ingress.getParentSpanId()).as(described).isEqualTo(senderSpan);

            // Kafka: the flow's consumer span is the child of the ingress' publish span.
            SpanData publish = one(
                    trace,
                    described,
                    span -> span.getKind() == SpanKind.PRODUCER
                            && span.getParentSpanId().equals(ingress.getSpanId()));
            SpanData consume = one(trace, described, kind(SpanKind.CONSUMER, "hub.inbound.sales"));
            assertThat(consume.getParentSpanId()).as(described).isEqualTo(publish.getSpanId());

            // RabbitMQ: the ERP command is sent in the flow, and the ERP's answer continues the command's span.
            // (The contract command later in the trace goes through the same endpoint, so the booking is the one the
            // ERP answered.)
            SpanData answer = one(trace, described, kind(SpanKind.CONSUMER, "erp.events"));
            SpanData command = byId.get(answer.getParentSpanId());
            assertThat(command).as(described).isNotNull();
            assertThat(command.getKind()).as(described).isEqualTo(SpanKind.PRODUCER);
            assertThat(command.getAttributes().get(ADAPTER_ID)).as(described).isEqualTo("erp");
            assertThat(ancestors(command, byId)).as(described).contains(consume.getSpanId());

            // HTTP: the envelope is created in the answer's flow, and the provider's callback continues that call.
            SpanData callback = one(
                    trace,
                    described,
                    span -> span.getKind() == SpanKind.SERVER
                            && String.valueOf(span.getAttributes().get(EVENT_ID))
                                    .endsWith("-completed"));
            SpanData envelope = byId.get(callback.getParentSpanId());
            assertThat(envelope).as(described).isNotNull();
            assertThat(envelope.getKind()).isEqualTo(SpanKind.CLIENT);
            assertThat(envelope.getAttributes().get(ADAPTER_ID)).isEqualTo("esign");
            assertThat(ancestors(envelope, byId)).as(described).contains(answer.getSpanId());

            // After the callback: its Kafka hop, the contract filed in the ERP, the order's status in the sales system.
            SpanData esignConsume = one(trace, described, kind(SpanKind.CONSUMER, "hub.inbound.esign"));
            assertThat(ancestors(esignConsume, byId)).as(described).contains(callback.getSpanId());
            one(
                    trace,
                    described,
                    kind(SpanKind.PRODUCER, "erp.commands").and(adapter("erp")).and(span -> ancestors(span, byId)
                            .contains(esignConsume.getSpanId())));
            one(
                    trace,
                    described,
                    kind(SpanKind.CLIENT, "/sandbox/sales")
                            .and(adapter("sales"))
                            .and(span -> ancestors(span, byId).contains(esignConsume.getSpanId())));
            // Every span of the trace hangs from the sender's span: no hop started a trace of its own.
            for (SpanData span : trace) {
                assertThat(ancestors(span, byId))
                        .as(span.getName() + " in " + described)
                        .endsWith(senderSpan);
            }
        });

        // The secrets this run used never reached the log.
        assertThat(output.getAll())
                .doesNotContain(SALES_SECRET)
                .doesNotContain("it-sales-token")
                .doesNotContain("it-client-secret")
                .doesNotContain(CONNECT_SECRET)
                .doesNotContain("it-console-secret");
    }

    @Test
    void aDeadLetterKeepsItsTraceId() throws Exception {
        send(request("/sandbox/esign/faults")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"errorRate\":1.0,\"status\":503}")));
        String unique = UUID.randomUUID().toString().substring(0, 8);
        String traceId = randomHex(16);

        assertThat(post("SO-" + unique, "evt_" + unique, "00-" + traceId + "-" + randomHex(8) + "-01")
                        .statusCode())
                .isEqualTo(202);

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(jdbc.queryForList(
                        "SELECT headers FROM dead_letter WHERE event_id = ?",
                        String.class,
                        "evt_" + unique + ":erp-book-order"))
                .singleElement()
                .satisfies(headers -> assertThat(
                                JSON.readTree(headers).path("traceparent").asText())
                        .startsWith("00-" + traceId + "-")));
    }

    @Test
    void everyMetricTheAlertsAndDashboardsUseIsExported() throws Exception {
        // An order whose envelope step is dead-lettered makes the adapters' errors, retries and dead letters appear.
        send(request("/sandbox/esign/faults")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"errorRate\":1.0,\"status\":503}")));
        String unique = UUID.randomUUID().toString().substring(0, 8);
        assertThat(post("SO-" + unique, "evt_" + unique, "00-" + randomHex(16) + "-" + randomHex(8) + "-01")
                        .statusCode())
                .isEqualTo(202);
        await().atMost(PATIENCE)
                .until(() -> jdbc.queryForObject(
                                "SELECT count(*) FROM dead_letter WHERE event_id = ?",
                                Integer.class,
                                "evt_" + unique + ":erp-book-order")
                        == 1);

        Set<String> used = new TreeSet<>(metricNames(Files.readString(Path.of("deploy/prometheus/alerts.yml"))));
        try (var dashboards = Files.list(Path.of("deploy/grafana/dashboards"))) {
            for (Path dashboard : dashboards.toList()) {
                used.addAll(metricNames(Files.readString(dashboard)));
            }
        }
        assertThat(used).contains("integration_request_duration_seconds_bucket", "hub_flow_consumer_lag");
        await().atMost(PATIENCE).untilAsserted(() -> {
            Set<String> exported = scrape().stream()
                    .map(series -> series.replaceAll("[{ ].*", ""))
                    .collect(Collectors.toSet());
            assertThat(exported).containsAll(used);
        });
    }

    @Test
    void metricSeriesDoNotGrowWithTheNumberOfEvents() throws Exception {
        for (int i = 0; i < 3; i++) {
            postGithub("warm-" + UUID.randomUUID(), true);
            postGithub("warm-bad-" + UUID.randomUUID(), false);
        }
        Set<String> before = ingressSeries(scrape());
        assertThat(before).anyMatch(series -> series.startsWith("webhook_requests_total{"));

        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String id = "many-" + UUID.randomUUID();
            ids.add(id);
            assertThat(postGithub(id, i % 4 != 0).statusCode()).isIn(202, 401);
        }
        List<String> after = scrape();

        assertThat(ingressSeries(after)).isEqualTo(before);
        String all = String.join("\n", after);
        for (String id : ids) {
            assertThat(all).doesNotContain(id);
        }
    }

    /** The series the webhook ingress makes: its counters, its HTTP requests and its route's Camel meters. */
    private static Set<String> ingressSeries(List<String> scrape) {
        return scrape.stream()
                .filter(series -> series.contains("github")
                        || series.contains("webhook-ingest-event")
                        || series.startsWith("http_server_requests"))
                .map(series -> series.replaceAll(" [^ ]+$", ""))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private HttpResponse<String> postGithub(String deliveryId, boolean signed) throws Exception {
        byte[] body = "{\"action\":\"opened\"}".getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = request("/v1/webhooks/github")
                .header("Content-Type", "application/json")
                .header("X-GitHub-Event", "issues")
                .header("X-GitHub-Delivery", deliveryId)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        WebhookSigner.sign("github", signed ? "gh-new-secret" : "not-the-secret", deliveryId, Instant.now(), body)
                .forEach(request::header);
        return send(request);
    }

    /** Series lines of /actuator/prometheus, comments left out. */
    private List<String> scrape() throws Exception {
        return send(request("/actuator/prometheus").GET())
                .body()
                .lines()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .toList();
    }

    /**
     * Metric names in PromQL text: the hub's, Camel's, Resilience4j's and the JVM's prefixes (label names such as
     * adapter_id carry none of them).
     */
    private static Set<String> metricNames(String text) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = Pattern.compile("\\b(?:integration|hub|webhook|camel|resilience4j|jvm|process)_[a-z0-9_]+")
                .matcher(text);
        while (matcher.find()) {
            names.add(matcher.group());
        }
        return names;
    }

    private static List<String> ancestors(SpanData span, Map<String, SpanData> byId) {
        List<String> chain = new java.util.ArrayList<>();
        for (SpanData at = span; at != null; at = byId.get(at.getParentSpanId())) {
            chain.add(at.getParentSpanId());
        }
        return chain;
    }

    private static SpanData one(List<SpanData> trace, String described, Predicate<SpanData> matches) {
        List<SpanData> found = trace.stream().filter(matches).toList();
        assertThat(found).as("a matching span in " + described).hasSize(1);
        return found.get(0);
    }

    /** A span of this kind about {@code about}: a topic, queue or URL in its name or attributes. */
    private static Predicate<SpanData> kind(SpanKind kind, String about) {
        return span -> span.getKind() == kind
                && (span.getName().contains(about)
                        || span.getAttributes().asMap().values().stream()
                                .anyMatch(value -> String.valueOf(value).contains(about)));
    }

    private static Predicate<SpanData> adapter(String id) {
        return span -> id.equals(span.getAttributes().get(ADAPTER_ID));
    }

    private static List<SpanData> trace(String traceId) {
        return SPANS.getFinishedSpanItems().stream()
                .filter(span -> span.getTraceId().equals(traceId))
                .toList();
    }

    private static String describe(List<SpanData> trace) {
        return trace.stream()
                .map(span -> span.getSpanId() + "<-" + span.getParentSpanId() + " " + span.getKind() + " "
                        + span.getName() + " " + span.getAttributes().asMap())
                .collect(Collectors.joining("\n", "\n", "\n"));
    }

    private List<JsonNode> effects(String system, String orderId, String operation) throws Exception {
        JsonNode ledger = JSON.readTree(
                send(request("/sandbox/" + system + "/ledger").GET()).body());
        return StreamSupport.stream(ledger.path("effects").spliterator(), false)
                .filter(effect -> effect.path("reference").asText().equals(orderId))
                .filter(effect -> effect.path("operation").asText().equals(operation))
                .toList();
    }

    private HttpResponse<String> post(String orderId, String eventId, String traceparent) throws Exception {
        String body = "{\"type\":\"order.created\",\"id\":\"" + eventId + "\",\"occurredAt\":\"2026-01-01T10:00:00Z\","
                + "\"data\":{\"orderId\":\"" + orderId + "\",\"customerId\":\"C-42\",\"priority\":\"HIGH\","
                + "\"currency\":\"EUR\",\"lines\":[{\"sku\":\"PUMP-7\",\"quantity\":2,\"unitPrice\":120.00}],"
                + "\"signer\":{\"name\":\"Ada Lovelace\",\"email\":\"ada@example.com\"}}}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = request("/v1/webhooks/sales")
                .header("Content-Type", "application/json")
                .header("traceparent", traceparent)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        WebhookSigner.sign("standard-webhooks", SALES_SECRET, eventId, Instant.now(), bytes)
                .forEach(request::header);
        return send(request);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + PORT + path));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

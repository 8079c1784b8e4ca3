package com.acme.hub.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.hub.platform.kafka.KafkaBootstrap;
import com.acme.hub.testing.KafkaTopics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** The webhook front door over real HTTP, the in-process Kafka broker and PostgreSQL. */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("it")
class WebhookIngressIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SALES_OLD = "whsec_b2xkLXNhbGVzLXNlY3JldC1mb3ItdGVzdHM=";
    private static final String SALES_NEW = "whsec_bmV3LXNhbGVzLXNlY3JldC1mb3ItdGVzdHM=";

    @LocalServerPort
    int port;

    @Autowired
    KafkaBootstrap kafka;

    @Autowired
    MeterRegistry meters;

    private WebhookClient client;

    @BeforeEach
    void client() {
        client = new WebhookClient(port);
    }

    @Test
    void acceptedEventIsOnItsTopicExactlyOnceWithKeyAndHeaders() throws Exception {
        String id = "evt_" + UUID.randomUUID();
        byte[] body = order(id);
        Map<String, String> headers =
                new HashMap<>(WebhookSigner.sign("standard-webhooks", SALES_OLD, id, Instant.now(), body));
        headers.put("X-Correlation-ID", "corr-" + id);
        headers.put("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");

        HttpResponse<String> response = client.post("sales", headers, "application/json", body);

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.path("status").asText()).isEqualTo("accepted");
        assertThat(answer.path("eventId").asText()).isEqualTo(id);
        assertThat(response.headers().firstValue("X-Correlation-ID")).hasValue("corr-" + id);

        List<ConsumerRecord<String, byte[]>> records = KafkaTopics.withKey(kafka.servers(), "hub.inbound.sales", id);
        assertThat(records).hasSize(1);
        ConsumerRecord<String, byte[]> record = records.get(0);
        assertThat(record.value()).isEqualTo(body);
        assertThat(header(record, "source")).isEqualTo("sales");
        assertThat(header(record, "tenant")).isEqualTo("acme");
        assertThat(header(record, "event-id")).isEqualTo(id);
        assertThat(header(record, "correlation-id")).isEqualTo("corr-" + id);
        assertThat(header(record, "content-type")).isEqualTo("application/json");
        assertThat(header(record, "traceparent")).isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        assertThat(Instant.parse(header(record, "received-at"))).isBefore(Instant.now());
        assertThat(header(record, "http-webhook-id")).isEqualTo(id);

        HttpResponse<String> receipt = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/events/sales/" + id))
                                .header("Authorization", basic("operator", "it-console-secret"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        JsonNode stored = JSON.readTree(receipt.body());
        assertThat(stored.path("status").asText()).isEqualTo("stored");
        assertThat(stored.path("topic").asText()).isEqualTo("hub.inbound.sales");
        assertThat(stored.path("partition").asInt()).isEqualTo(record.partition());
        assertThat(stored.path("offset").asLong()).isEqualTo(record.offset());
        assertThat(stored.path("correlationId").asText()).isEqualTo("corr-" + id);
    }

    @Test
    void duplicateWebhookIsNotPublishedTwice() throws Exception {
        String id = "evt_" + UUID.randomUUID();
        byte[] body = order(id);
        assertThat(client.post("sales", "standard-webhooks", SALES_OLD, id, body)
                        .statusCode())
                .isEqualTo(202);

        HttpResponse<String> again = client.post("sales", "standard-webhooks", SALES_OLD, id, body);

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(again.body()).path("status").asText()).isEqualTo("duplicate");
        assertThat(KafkaTopics.withKey(kafka.servers(), "hub.inbound.sales", id))
                .hasSize(1);
    }

    @Test
    void concurrentCopiesArePublishedOnceAndOnlyOneIsAccepted() throws Exception {
        String id = "evt_" + UUID.randomUUID();
        byte[] body = order(id);
        int copies = 32;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(copies);
        try {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < copies; i++) {
                Callable<HttpResponse<String>> send = () -> {
                    start.await();
                    return client.post("sales", "standard-webhooks", SALES_OLD, id, body);
                };
                answers.add(pool.submit(send));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<HttpResponse<String>> answer : answers) {
                statuses.add(answer.get().statusCode());
            }
            assertThat(statuses).filteredOn(s -> s == 202).hasSize(1);
            assertThat(statuses).allMatch(s -> s == 202 || s == 200 || s == 409);
        } finally {
            pool.shutdownNow();
        }
        assertThat(KafkaTopics.withKey(kafka.servers(), "hub.inbound.sales", id))
                .hasSize(1);
    }

    @Test
    void aCopyArrivingWhileTheFirstIsInFlightGets409WithRetryAfter() throws Exception {
        // A claim left by a copy that is still being stored (written straight into the table, as a slower replica
        // would).
        String id = "evt_" + UUID.randomUUID();
        jdbc().update(
                        "INSERT INTO webhook_receipt (source, event_id, status, received_at, claimed_at)"
                                + " VALUES ('sales', ?, 'in_flight', ?, ?)",
                        id,
                        java.sql.Timestamp.from(Instant.now()),
                        java.sql.Timestamp.from(Instant.now()));

        HttpResponse<String> response = client.post("sales", "standard-webhooks", SALES_OLD, id, order(id));

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertThat(error(response).path("code").asText()).isEqualTo("EVENT_IN_FLIGHT");
        assertThat(KafkaTopics.withKey(kafka.servers(), "hub.inbound.sales", id))
                .isEmpty();
    }

    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbcTemplate;

    private org.springframework.jdbc.core.JdbcTemplate jdbc() {
        return jdbcTemplate;
    }

    static Stream<Arguments> schemes() {
        return Stream.of(
                Arguments.of("sales", "standard-webhooks", SALES_OLD, SALES_NEW, true),
                Arguments.of("github", "github", "gh-old-secret", "gh-new-secret", false),
                Arguments.of("stripe", "stripe", "whsec_stripe_old", "whsec_stripe_new", true),
                Arguments.of("esign", "docusign", "ds-old-secret", "ds-new-secret", false),
                Arguments.of("shopify", "shopify", "sh-old-secret", "sh-new-secret", false),
                Arguments.of("generic", "hmac-sha256", "gen-old-secret", "gen-new-secret", true));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("schemes")
    void eachSchemeAcceptsBothRotatedSecretsAndRejectsBadMissingAndExpiredSignatures(
            String source, String scheme, String oldSecret, String newSecret, boolean signsTimestamp) throws Exception {
        String first = "evt_" + UUID.randomUUID();
        assertThat(client.post(source, scheme, oldSecret, first, event(first)).statusCode())
                .isEqualTo(202);
        String second = "evt_" + UUID.randomUUID();
        assertThat(client.post(source, scheme, newSecret, second, event(second)).statusCode())
                .isEqualTo(202);

        String forged = "evt_" + UUID.randomUUID();
        HttpResponse<String> bad = client.post(source, scheme, wrongSecret(scheme), forged, event(forged));
        assertThat(bad.statusCode()).isEqualTo(401);
        assertThat(error(bad).path("code").asText()).isEqualTo("INVALID_SIGNATURE");

        HttpResponse<String> unsigned =
                client.post(source, idHeaders(scheme, forged), "application/json", event(forged));
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(error(unsigned).path("code").asText()).isEqualTo("MISSING_SIGNATURE");

        if (signsTimestamp) {
            byte[] body = event(forged);
            HttpResponse<String> expired = client.post(
                    source,
                    WebhookSigner.sign(scheme, oldSecret, forged, Instant.now().minusSeconds(3600), body),
                    "application/json",
                    body);
            assertThat(expired.statusCode()).isEqualTo(401);
            assertThat(error(expired).path("code").asText()).isEqualTo("TIMESTAMP_OUT_OF_TOLERANCE");
        }
        assertThat(KafkaTopics.withKey(kafka.servers(), "hub.inbound." + source, forged))
                .isEmpty();
    }

    @Test
    void rawBodyIsPublishedByteForByte() {
        byte[] body = {(byte) 0xff, 0x00, (byte) 0xc3, 0x28, '\r', '\n', (byte) 0x80};
        String id = "evt_" + UUID.randomUUID();
        HttpResponse<String> response = client.post(
                "generic",
                WebhookSigner.sign("hmac-sha256", "gen-old-secret", id, Instant.now(), body),
                "application/octet-stream",
                body);
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(KafkaTopics.withKey(kafka.servers(), "hub.inbound.generic", id))
                .singleElement()
                .satisfies(record -> assertThat(record.value()).isEqualTo(body));
    }

    @Test
    void oversizedBodiesGet413WhetherTheirLengthIsDeclaredOrNot() throws Exception {
        byte[] big = new byte[64 * 1024 + 1];
        java.util.Arrays.fill(big, (byte) 'a');
        HttpResponse<String> declared = client.post("sales", "standard-webhooks", SALES_OLD, "big-1", big);
        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(error(declared).path("code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");

        HttpResponse<String> chunked = client.postStream(
                "sales",
                Map.of(),
                HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(new byte[200_000])));
        assertThat(chunked.statusCode()).isEqualTo(413);
    }

    @Test
    void unknownSourceMalformedJsonAndWrongMediaTypeAreRefusedClearly() throws Exception {
        HttpResponse<String> unknown =
                client.post("nobody", "github", "x", "e1", "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(error(unknown).path("code").asText()).isEqualTo("UNKNOWN_SOURCE");

        String id = "evt_" + UUID.randomUUID();
        byte[] notJson = "{\"type\": \"order.created\",".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> malformed = client.post("sales", "standard-webhooks", SALES_OLD, id, notJson);
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(error(malformed).path("code").asText()).isEqualTo("MALFORMED_PAYLOAD");
        assertThat(error(malformed).path("request_id").asText()).isNotBlank();

        byte[] body = order(id);
        HttpResponse<String> text = client.post(
                "sales",
                WebhookSigner.sign("standard-webhooks", SALES_OLD, id, Instant.now(), body),
                "text/plain",
                body);
        assertThat(text.statusCode()).isEqualTo(415);
        assertThat(error(text).path("code").asText()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
        assertThat(KafkaTopics.withKey(kafka.servers(), "hub.inbound.sales", id))
                .isEmpty();
    }

    @Test
    void rateLimitedSourceAnswers429WithRetryAfter() {
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String id = "evt_" + UUID.randomUUID();
            answers.add(client.post("limited", "hmac-sha256", "limited-secret", id, event(id)));
        }
        List<HttpResponse<String>> limited =
                answers.stream().filter(r -> r.statusCode() == 429).toList();
        assertThat(limited).isNotEmpty();
        assertThat(answers.stream().filter(r -> r.statusCode() == 202).count()).isBetween(1L, 4L);
        assertThat(limited.get(0).headers().firstValue("Retry-After"))
                .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
        assertThat(meters.get("webhook.requests")
                        .tag("source", "limited")
                        .tag("outcome", "rate_limited")
                        .counter()
                        .count())
                .isGreaterThanOrEqualTo(limited.size());
    }

    @Test
    void everyOutcomeIsCounted() {
        double before = count("github", "invalid_signature");
        client.post("github", "github", "wrong", "e-" + UUID.randomUUID(), event("x"));
        assertThat(count("github", "invalid_signature")).isEqualTo(before + 1);
    }

    private double count(String source, String outcome) {
        var counter = meters.find("webhook.requests")
                .tag("source", source)
                .tag("outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static String wrongSecret(String scheme) {
        return scheme.equals("standard-webhooks") ? "whsec_d3Jvbmctc2VjcmV0LWJ1dC12YWxpZA==" : "not-the-secret";
    }

    private static Map<String, String> idHeaders(String scheme, String id) {
        return switch (scheme) {
            case "standard-webhooks" -> Map.of(
                    "webhook-id",
                    id,
                    "webhook-timestamp",
                    String.valueOf(Instant.now().getEpochSecond()));
            case "github" -> Map.of("X-GitHub-Delivery", id);
            case "shopify" -> Map.of("X-Shopify-Webhook-Id", id);
            case "hmac-sha256" -> Map.of(
                    "X-Timestamp", String.valueOf(Instant.now().getEpochSecond()), "X-Event-ID", id);
            default -> Map.of("X-Event-ID", id);
        };
    }

    private static byte[] order(String id) {
        return ("{\"type\":\"order.created\",\"id\":\"" + id
                        + "\",\"data\":{\"orderId\":\"SO-1001\",\"priority\":\"HIGH\"}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Stripe takes the event id from the payload; the other schemes ignore the payload's id. */
    private static byte[] event(String id) {
        return order(id);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static JsonNode error(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body()).path("error");
    }

    private static String basic(String user, String password) {
        return "Basic "
                + java.util.Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}

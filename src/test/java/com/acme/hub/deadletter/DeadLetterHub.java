package com.acme.hub.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.acme.hub.platform.adapter.Adapters;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

/**
 * One hub for the dead-letter tests (one Spring context, shared by every class that extends this): the sales adapter
 * calls this hub's own simulated sales system over real HTTP, with retries, timeout and rate shrunk to keep the tests
 * short, and real PostgreSQL and Kafka behind the dead letters. Metrics are exported, as deployed, for the pending
 * gauge.
 */
@CamelSpringBootTest
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("it")
@TestPropertySource(
        properties = {
            "hub.sandbox.enabled=true",
            "hub.sandbox.sales.token=it-sales-token",
            "hub.sandbox.esign.client-id=it-client",
            "hub.sandbox.esign.client-secret=it-client-secret",
            "hub.sandbox.esign.account-id=it-account",
            "hub.sandbox.esign.callback-secret=ds-old-secret",
            // Camel resolves {{...}} when it builds the routes, after the web server took its random port.
            "hub.adapters.sales.base-url=http://localhost:{{local.server.port}}/sandbox/sales",
            "hub.adapters.sales.timeout=1s",
            "hub.adapters.sales.retry.max-attempts=2",
            "hub.adapters.sales.retry.initial-delay=50ms",
            "hub.adapters.sales.retry.max-delay=100ms",
            "hub.adapters.sales.rate-limit.per-second=" + DeadLetterHub.RATE,
            "hub.adapters.sales.rate-limit.burst=" + DeadLetterHub.BURST,
        })
abstract class DeadLetterHub {

    static final int RATE = 100;
    static final int BURST = 20;
    static final String ADMIN_KEY = "it-admin-key";
    static final String INTAKE = "direct:sales-order-intake";
    static final String STEP = "sales-intake-order";
    static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @Autowired
    ProducerTemplate producer;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Adapters adapters;

    @Autowired
    MeterRegistry meters;

    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void healthySalesSystem() {
        assertThat(send("DELETE", "/sandbox/sales/faults", null).statusCode()).isEqualTo(204);
        adapters.all().forEach(adapter -> adapter.breaker().reset());
    }

    /** The simulated sales system fails every call with this status from now on. */
    void salesFailWith(int status) {
        assertThat(send("POST", "/sandbox/sales/faults", null, "{\"errorRate\":1,\"status\":" + status + "}")
                        .statusCode())
                .isEqualTo(200);
    }

    /** Runs the sales intake step for an event, as a flow would. */
    void intake(String event) {
        intake(event, Map.of());
    }

    void intake(String event, Map<String, Object> extraHeaders) {
        Map<String, Object> headers = new HashMap<>(extraHeaders);
        headers.put("event-id", event);
        headers.put("correlation-id", "corr-" + event);
        producer.sendBodyAndHeaders(INTAKE, order(event), headers);
    }

    static String order(String event) {
        return "{\"orderId\":\"SO-" + event + "\",\"event\":\"" + event + "\"}";
    }

    /** The dead letter of an event's intake step, which must exist. */
    String letterOf(String event) {
        return jdbc.queryForObject("SELECT id FROM dead_letter WHERE event_id = ?", String.class, event);
    }

    /** Makes a pending dead letter for a new event: the sales system refuses it (400), so nothing is retried. */
    String refusedLetter(String event) {
        salesFailWith(400);
        intake(event);
        send("DELETE", "/sandbox/sales/faults", null);
        return letterOf(event);
    }

    int effects(String idempotencyKey) {
        Integer count = jdbc.queryForObject(
                "SELECT count(*) FROM sandbox_effect WHERE system_name = 'sales' AND idempotency_key = ?",
                Integer.class,
                idempotencyKey);
        return count == null ? 0 : count;
    }

    /**
     * Calls this hub's sales adapter made, whatever their answer. Not the sandbox's request counter: that one lives
     * in the shared database and counts the calls of every hub in the test run.
     */
    double salesCalls() {
        return meters.find("integration.requests").tag("adapter_id", "sales").counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    HttpResponse<String> send(String method, String path, String apiKey) {
        return send(method, path, apiKey, null);
    }

    HttpResponse<String> send(String method, String path, String apiKey, String json) {
        try {
            return http.send(request(method, path, apiKey, json), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpRequest request(String method, String path, String apiKey, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (apiKey != null) {
            request.header("X-API-Key", apiKey);
        }
        return request.build();
    }

    /** Starts a bulk replay job and waits until it ends; answers the finished job. */
    JsonNode bulkReplay(String query) {
        HttpResponse<String> started = send("POST", "/v1/dead-letters/replay?" + query, ADMIN_KEY);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String id = json(started).path("id").asText();
        assertThat(started.headers().firstValue("Location")).hasValue("/v1/jobs/" + id);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> job(id).path("status").asText(), status -> !status.equals("running"));
        return job(id);
    }

    JsonNode job(String id) {
        return json(send("GET", "/v1/jobs/" + id, ADMIN_KEY));
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts an answer in the hub's error format with this status and code, and returns its error object. */
    static JsonNode assertError(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode error = json(response).path("error");
        assertThat(error.path("code").asText()).isEqualTo(code);
        assertThat(error.path("message").asText()).isNotBlank();
        assertThat(error.path("request_id").asText()).isNotBlank();
        assertThat(error.path("timestamp").asText()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("com.acme");
        return error;
    }
}

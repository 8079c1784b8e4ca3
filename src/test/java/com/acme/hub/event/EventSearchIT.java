package com.acme.hub.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.hub.webhook.WebhookSigner;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

/**
 * {@code GET /v1/events} and {@code GET /v1/events/{source}/{eventId}} over webhooks posted through the real ingress,
 * stored in the real in-process Kafka, with their receipts in PostgreSQL. Each test uses event types and correlation
 * ids of its own, so receipts left by other tests in the shared database do not count.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("it")
@TestPropertySource(properties = "hub.webhooks.sources.generic.event-type=/kind")
class EventSearchIT {

    static final String SALES_SECRET = "whsec_bmV3LXNhbGVzLXNlY3JldC1mb3ItdGVzdHM=";
    static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void eachSchemeGivesTheEventItsType() throws Exception {
        String run = UUID.randomUUID().toString();
        String salesId = "evt-" + run;
        post(
                "sales",
                "standard-webhooks",
                SALES_SECRET,
                salesId,
                "{\"type\":\"order.created\",\"id\":\"x\"}",
                Map.of());
        String githubId = "gh-" + run;
        post("github", "github", "gh-new-secret", githubId, "{\"zen\":\"x\"}", Map.of("X-GitHub-Event", "push"));
        String stripeId = "evt_" + run;
        post(
                "stripe",
                "stripe",
                "whsec_stripe_new",
                null,
                "{\"id\":\"" + stripeId + "\",\"type\":\"invoice.paid\"}",
                Map.of());
        String docusignId = "ds-" + run;
        post(
                "esign",
                "docusign",
                "ds-new-secret",
                null,
                "{\"event\":\"envelope-completed\",\"data\":{}}",
                Map.of("X-Event-ID", docusignId));
        String shopifyId = "sh-" + run;
        post("shopify", "shopify", "sh-new-secret", shopifyId, "{}", Map.of("X-Shopify-Topic", "orders/create"));
        String genericId = "gen-" + run;
        post("generic", "hmac-sha256", "gen-new-secret", genericId, "{\"kind\":\"thing.happened\"}", Map.of());

        assertThat(detail("sales", salesId, "").path("type").asText()).isEqualTo("order.created");
        assertThat(detail("github", githubId, "").path("type").asText()).isEqualTo("push");
        assertThat(detail("stripe", stripeId, "").path("type").asText()).isEqualTo("invoice.paid");
        assertThat(detail("esign", docusignId, "").path("type").asText()).isEqualTo("envelope-completed");
        assertThat(detail("shopify", shopifyId, "").path("type").asText()).isEqualTo("orders/create");
        assertThat(detail("generic", genericId, "").path("type").asText()).isEqualTo("thing.happened");
        assertThat(detail("sales", salesId, "").path("tenant").asText()).isEqualTo("acme");
        assertThat(detail("github", githubId, "").path("tenant").asText()).isEqualTo("default");
    }

    @Test
    void eachFilterAndACombinationFindOnlyTheirEventsNewestFirst() throws Exception {
        String type = "it." + UUID.randomUUID();
        String otherType = type + ".other";
        String correlation = "corr-" + UUID.randomUUID();
        List<String> ofType = new ArrayList<>();
        Instant before = Instant.now();
        for (int i = 0; i < 3; i++) {
            ofType.add(postSales(type, Map.of()));
        }
        String correlated = postSales(otherType, Map.of("X-Correlation-ID", correlation));
        String githubOfType = "gh-" + UUID.randomUUID();
        post("github", "github", "gh-new-secret", githubOfType, "{}", Map.of("X-GitHub-Event", type));

        assertThat(ids(search("type=" + type)))
                .containsExactly(githubOfType, ofType.get(2), ofType.get(1), ofType.get(0));
        assertThat(ids(search("source=sales&type=" + type)))
                .containsExactly(ofType.get(2), ofType.get(1), ofType.get(0));
        assertThat(ids(search("source=github&type=" + type))).containsExactly(githubOfType);
        assertThat(ids(search("correlationId=" + correlation))).containsExactly(correlated);
        assertThat(ids(search("status=stored&type=" + type))).hasSize(4);
        assertThat(ids(search("status=in_flight&type=" + type))).isEmpty();
        assertThat(ids(search("source=sales&since=" + encode(before)))).contains(correlated, ofType.get(0));
        assertThat(ids(search("source=sales&type=" + type + "&until=" + encode(before))))
                .isEmpty();
        JsonNode item = search("correlationId=" + correlation).path("items").get(0);
        assertThat(item.path("source").asText()).isEqualTo("sales");
        assertThat(item.path("type").asText()).isEqualTo(otherType);
        assertThat(item.path("topic").asText()).isEqualTo("hub.inbound.sales");
        assertThat(item.path("offset").isNumber()).isTrue();
    }

    @Test
    void pagesFollowTheCursorToTheLastEventWithoutRepeats() throws Exception {
        String type = "it.page." + UUID.randomUUID();
        List<String> posted = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            posted.add(0, postSales(type, Map.of()));
        }
        List<String> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        JsonNode page = search("limit=3&type=" + type);
        while (true) {
            sizes.add(page.path("items").size());
            seen.addAll(ids(page));
            if (page.path("nextCursor").isNull()) {
                break;
            }
            page = search("limit=3&type=" + type + "&cursor="
                    + page.path("nextCursor").asText());
        }
        assertThat(sizes).containsExactly(3, 3, 1);
        assertThat(seen).containsExactlyElementsOf(posted);
    }

    @Test
    void badFiltersAre400NamingTheParameter() throws Exception {
        Map<String, String> bad = Map.of(
                "colour=red", "colour",
                "since=yesterday", "since",
                "limit=0", "limit",
                "limit=abc", "limit",
                "status=lost", "status",
                "cursor=%21%21", "cursor",
                "since=2026-01-02T00:00:00Z&until=2026-01-01T00:00:00Z", "until");
        for (var query : bad.entrySet()) {
            HttpResponse<String> answer = get("/v1/events?" + query.getKey());
            assertThat(answer.statusCode()).as(query.getKey()).isEqualTo(400);
            JsonNode error = JSON.readTree(answer.body()).path("error");
            assertThat(error.path("code").asText()).isEqualTo("INVALID_FILTER");
            assertThat(error.path("details").path("field").asText())
                    .as(query.getKey())
                    .isEqualTo(query.getValue());
        }
    }

    @Test
    void theDetailReadsTheBodyBackFromKafka() throws Exception {
        String body = "{\"type\":\"order.created\",\"id\":\"x\",\"data\":{\"note\":\"\u00e9t\u00e9\"}}";
        String id = "evt-" + UUID.randomUUID();
        post("sales", "standard-webhooks", SALES_SECRET, id, body, Map.of());

        JsonNode withBody = detail("sales", id, "?include=body");
        assertThat(withBody.path("body").asText()).isEqualTo(body);
        assertThat(Base64.getDecoder().decode(withBody.path("bodyBase64").asText()))
                .isEqualTo(body.getBytes(StandardCharsets.UTF_8));
        assertThat(withBody.path("bodyAvailable").asBoolean()).isTrue();
        assertThat(detail("sales", id, "").has("body")).isFalse();
        assertThat(detail("sales", id, "").path("steps").isArray()).isTrue();

        assertThat(get("/v1/events/sales/" + id + "?include=headers").statusCode())
                .isEqualTo(400);
        assertThat(get("/v1/events/sales/" + id + "?verbose=1").statusCode()).isEqualTo(400);
        HttpResponse<String> missing = get("/v1/events/sales/no-such-" + id);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(missing.body()).path("error").path("code").asText())
                .isEqualTo("EVENT_NOT_FOUND");
    }

    private String postSales(String type, Map<String, String> headers) {
        String id = "evt-" + UUID.randomUUID();
        post(
                "sales",
                "standard-webhooks",
                SALES_SECRET,
                id,
                "{\"type\":\"" + type + "\",\"id\":\"" + id + "\"}",
                headers);
        return id;
    }

    private void post(
            String source, String scheme, String secret, String eventId, String body, Map<String, String> extra) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new HashMap<>(WebhookSigner.sign(scheme, secret, eventId, Instant.now(), bytes));
        headers.putAll(extra);
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/v1/webhooks/" + source))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        headers.forEach(request::header);
        try {
            HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode search(String query) throws Exception {
        HttpResponse<String> answer = get("/v1/events?" + query);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private JsonNode detail(String source, String id, String query) throws Exception {
        HttpResponse<String> answer = get("/v1/events/" + source + "/" + id + query);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("X-API-Key", "it-admin-key")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("items").forEach(item -> ids.add(item.path("eventId").asText()));
        return ids;
    }

    private static String encode(Instant at) {
        return URLEncoder.encode(at.toString(), StandardCharsets.UTF_8);
    }
}

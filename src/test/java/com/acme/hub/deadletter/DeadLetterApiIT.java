package com.acme.hub.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The dead-letter API's answers: credentials and roles, filters and paging, discards, and every refusal. */
class DeadLetterApiIT extends DeadLetterHub {

    @Test
    void missingOrWrongKeysAndTheConsoleLoginGet401() {
        assertThat(assertError(send("GET", "/v1/dead-letters", null), 401, "UNAUTHORIZED")
                        .path("details")
                        .path("field")
                        .asText())
                .isEqualTo("X-API-Key");
        assertError(send("GET", "/v1/dead-letters", "not-a-key"), 401, "UNAUTHORIZED");
        assertError(send("POST", "/v1/dead-letters/replay", "not-a-key"), 401, "UNAUTHORIZED");
        String console = "Basic "
                + Base64.getEncoder().encodeToString("operator:it-console-secret".getBytes(StandardCharsets.UTF_8));
        assertError(
                send(HttpRequest.newBuilder(uri("/v1/dead-letters"))
                        .header("Authorization", console)
                        .build()),
                401,
                "UNAUTHORIZED");
    }

    @Test
    void aViewerReadsButMayNotReplayOrDiscardAndAnOperatorMay() {
        String id = refusedLetter("evt_" + UUID.randomUUID());
        String viewer = issueKey("viewer");
        String operator = issueKey("operator");

        assertThat(send("GET", "/v1/dead-letters", viewer).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/v1/dead-letters/" + id, viewer).statusCode()).isEqualTo(200);
        assertError(send("POST", "/v1/dead-letters/" + id + "/replay", viewer), 403, "FORBIDDEN");
        assertError(send("POST", "/v1/dead-letters/replay", viewer), 403, "FORBIDDEN");
        assertError(send("DELETE", "/v1/dead-letters/" + id, viewer), 403, "FORBIDDEN");
        assertError(send("GET", "/v1/api-keys", operator), 403, "FORBIDDEN");

        HttpResponse<String> replayed = send("POST", "/v1/dead-letters/" + id + "/replay", operator);
        assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(200);
        assertThat(json(replayed).path("actedBy").asText()).startsWith("it-operator-");
    }

    @Test
    void unknownIdsAreNotFound() {
        String unknown = UUID.randomUUID().toString();
        assertThat(assertError(send("GET", "/v1/dead-letters/" + unknown, ADMIN_KEY), 404, "DEAD_LETTER_NOT_FOUND")
                        .path("details")
                        .path("id")
                        .asText())
                .isEqualTo(unknown);
        assertError(send("POST", "/v1/dead-letters/" + unknown + "/replay", ADMIN_KEY), 404, "DEAD_LETTER_NOT_FOUND");
        assertError(send("DELETE", "/v1/dead-letters/" + unknown, ADMIN_KEY), 404, "DEAD_LETTER_NOT_FOUND");
    }

    @Test
    void badFiltersAreRefusedNamingTheField() {
        Map<String, String> bad = Map.of(
                "since=yesterday", "since",
                "until=2026-02-30T00:00:00Z", "until",
                "status=lost", "status",
                "limit=0", "limit",
                "limit=many", "limit",
                "adaptor=sales", "adaptor",
                "cursor=not-a-cursor", "cursor");
        bad.forEach((query, field) -> assertThat(
                        assertError(send("GET", "/v1/dead-letters?" + query, ADMIN_KEY), 400, "INVALID_FILTER")
                                .path("details")
                                .path("field")
                                .asText())
                .as(query)
                .isEqualTo(field));
        for (String query : List.of("status=replayed", "limit=1001", "since=soon", "cursor=x")) {
            assertError(send("POST", "/v1/dead-letters/replay?" + query, ADMIN_KEY), 400, "INVALID_FILTER");
        }
    }

    @Test
    void aDiscardedLetterIsKeptForTheRecordAndCannotBeReplayed() {
        String event = "evt_" + UUID.randomUUID();
        String id = refusedLetter(event);
        long pendingBefore = pendingGauge();

        HttpResponse<String> discarded = send("DELETE", "/v1/dead-letters/" + id, ADMIN_KEY);

        assertThat(discarded.statusCode()).as(discarded.body()).isEqualTo(200);
        JsonNode letter = json(send("GET", "/v1/dead-letters/" + id, ADMIN_KEY));
        assertThat(letter.path("status").asText()).isEqualTo("discarded");
        assertThat(letter.path("actedBy").asText()).isEqualTo("bootstrap");
        assertThat(letter.path("actedAt").asText()).isNotEmpty();
        assertThat(jdbc.queryForMap(
                        "SELECT actor, outcome FROM audit_log WHERE target = ? AND action = 'dead-letter.discard'", id))
                .containsEntry("actor", "bootstrap")
                .containsEntry("outcome", "discarded");
        assertThat(pendingGauge()).isEqualTo(pendingBefore - 1);

        assertThat(assertError(
                                send("POST", "/v1/dead-letters/" + id + "/replay", ADMIN_KEY),
                                409,
                                "DEAD_LETTER_NOT_PENDING")
                        .path("details")
                        .path("status")
                        .asText())
                .isEqualTo("discarded");
        assertError(send("DELETE", "/v1/dead-letters/" + id, ADMIN_KEY), 409, "DEAD_LETTER_NOT_PENDING");
        assertThat(effects(event + ":" + STEP)).isZero();
    }

    @Test
    void listsFilterAndPageWithACursorNewestFirst() {
        Instant since = Instant.now();
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            made.add(refusedLetter("evt_" + UUID.randomUUID()));
        }
        String query = "adapter=sales&errorType=client_error&status=pending&since=" + encode(since) + "&until="
                + encode(Instant.now().plusSeconds(1)) + "&limit=2";

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = json(
                    send("GET", "/v1/dead-letters?" + query + (cursor == null ? "" : "&cursor=" + cursor), ADMIN_KEY));
            page.path("items").forEach(item -> {
                seen.add(item.path("id").asText());
                assertThat(item.path("adapterId").asText()).isEqualTo("sales");
                assertThat(item.path("errorType").asText()).isEqualTo("client_error");
                assertThat(item.has("body"))
                        .as("listings leave the message out")
                        .isFalse();
            });
            cursor = page.path("nextCursor").isNull()
                    ? null
                    : page.path("nextCursor").asText();
            pages++;
        } while (cursor != null && pages < 10);

        assertThat(pages).isEqualTo(3);
        List<String> newestFirst = new ArrayList<>(made);
        java.util.Collections.reverse(newestFirst);
        assertThat(seen).containsExactlyElementsOf(newestFirst);

        send("DELETE", "/v1/dead-letters/" + made.get(0), ADMIN_KEY);
        JsonNode discarded = json(send("GET", "/v1/dead-letters?status=discarded&since=" + encode(since), ADMIN_KEY));
        assertThat(discarded.path("items"))
                .singleElement()
                .satisfies(item -> assertThat(item.path("id").asText()).isEqualTo(made.get(0)));
    }

    @Test
    void aBulkReplayTakesNoMoreThanItsLimitOldestFirstAndIsAudited() {
        Instant since = Instant.now();
        List<String> made = List.of(
                refusedLetter("evt_" + UUID.randomUUID()),
                refusedLetter("evt_" + UUID.randomUUID()),
                refusedLetter("evt_" + UUID.randomUUID()));

        JsonNode job = bulkReplay("adapter=sales&limit=2&since=" + encode(since));

        assertThat(job.path("kind").asText()).isEqualTo("dead-letter-replay");
        assertThat(job.path("status").asText()).isEqualTo("done");
        assertThat(job.path("total").asInt()).isEqualTo(2);
        assertThat(job.path("done").asInt()).isEqualTo(2);
        for (String id : made.subList(0, 2)) {
            assertThat(jdbc.queryForMap("SELECT status, replay_outcome FROM dead_letter WHERE id = ?", id))
                    .containsEntry("status", "replayed")
                    .containsEntry("replay_outcome", "delivered");
        }
        assertThat(jdbc.queryForObject("SELECT status FROM dead_letter WHERE id = ?", String.class, made.get(2)))
                .isEqualTo("pending");
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM audit_log WHERE action = 'dead-letter.bulk-replay' AND target LIKE ?",
                        Integer.class,
                        "%since=" + since + "%"))
                .isEqualTo(1);
    }

    @Test
    void anAdminIssuesAndRevokesKeysWhoseSecretIsShownOnce() {
        String name = "it-ci-" + UUID.randomUUID();
        HttpResponse<String> created =
                send("POST", "/v1/api-keys", ADMIN_KEY, "{\"name\":\"" + name + "\",\"role\":\"viewer\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String key = json(created).path("key").asText();
        assertThat(send("GET", "/v1/dead-letters?limit=1", key).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/v1/api-keys", ADMIN_KEY).body()).contains(name).doesNotContain(key);
        assertError(
                send("POST", "/v1/api-keys", ADMIN_KEY, "{\"name\":\"" + name + "\",\"role\":\"viewer\"}"),
                409,
                "API_KEY_EXISTS");
        assertError(
                send("POST", "/v1/api-keys", ADMIN_KEY, "{\"name\":\"x\",\"role\":\"root\"}"),
                400,
                "INVALID_API_KEY_REQUEST");

        assertThat(send("DELETE", "/v1/api-keys/" + name, ADMIN_KEY).statusCode())
                .isEqualTo(204);
        assertError(send("GET", "/v1/dead-letters?limit=1", key), 401, "UNAUTHORIZED");
        assertError(send("DELETE", "/v1/api-keys/" + name, ADMIN_KEY), 404, "API_KEY_NOT_FOUND");
        assertThat(jdbc.queryForList(
                        "SELECT action FROM audit_log WHERE target = ? ORDER BY occurred_at", String.class, name))
                .containsExactly("api-key.create", "api-key.revoke");
    }

    @Test
    void theApiKeyAlsoOpensTheRestOfTheApiAndPublicPathsIgnoreIt() {
        assertThat(send("GET", "/v1/events/sales/" + UUID.randomUUID(), ADMIN_KEY)
                        .statusCode())
                .isEqualTo(404);
        assertError(send("GET", "/v1/events/sales/x", "not-a-key"), 401, "UNAUTHORIZED");
        assertThat(send("GET", "/actuator/health/liveness", "not-a-key").statusCode())
                .as("a public path ignores a key it does not need")
                .isEqualTo(200);
    }

    private String issueKey(String role) {
        HttpResponse<String> created = send(
                "POST",
                "/v1/api-keys",
                ADMIN_KEY,
                "{\"name\":\"it-" + role + "-" + UUID.randomUUID() + "\",\"role\":\"" + role + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created).path("key").asText();
    }

    /** hub_dead_letters{adapter_id="sales"} as Prometheus scrapes it. */
    private long pendingGauge() {
        String scrape = send("GET", "/actuator/prometheus", null).body();
        Matcher gauge = Pattern.compile("(?m)^hub_dead_letters\\{[^}]*adapter_id=\"sales\"[^}]*} ([0-9.eE+]+)$")
                .matcher(scrape);
        assertThat(gauge.find())
                .as("hub_dead_letters{adapter_id=\"sales\"} is scraped")
                .isTrue();
        long value = (long) Double.parseDouble(gauge.group(1));
        assertThat(value)
                .isEqualTo(jdbc.queryForObject(
                        "SELECT count(*) FROM dead_letter WHERE adapter_id = 'sales' AND status = 'pending'",
                        Long.class));
        return value;
    }

    private java.net.URI uri(String path) {
        return java.net.URI.create("http://localhost:" + port + path);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(Instant at) {
        return URLEncoder.encode(at.toString(), StandardCharsets.UTF_8);
    }
}

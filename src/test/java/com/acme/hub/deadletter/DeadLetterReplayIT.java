package com.acme.hub.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.acme.hub.platform.kafka.KafkaBootstrap;
import com.acme.hub.testing.KafkaTopics;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Dead letters from a real failing step, and their replay into it: against the simulated sales system, with the
 * letters in PostgreSQL and on Kafka {@code integration.dlq}.
 */
class DeadLetterReplayIT extends DeadLetterHub {

    private static final String TOPIC = "integration.dlq";

    @Autowired
    KafkaBootstrap kafka;

    @Test
    void anExhaustedMessageIsStoredWithEveryFieldAndPublishedWithTheSameContent() throws Exception {
        salesFailWith(503);
        String event = "evt_" + UUID.randomUUID();

        intake(event, Map.of("tenant", "acme"));

        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM dead_letter WHERE event_id = ?", event);
        String id = (String) row.get("id");
        assertThat(row)
                .containsEntry("adapter_id", "sales")
                .containsEntry("route_id", STEP)
                .containsEntry("step", STEP)
                .containsEntry("idempotency_key", event + ":" + STEP)
                .containsEntry("correlation_id", "corr-" + event)
                .containsEntry("error_type", "server_error")
                .containsEntry("error_message", "sales answered 503")
                .containsEntry("attempts", 2)
                .containsEntry("status", "pending");
        assertThat(new String((byte[]) row.get("body"), StandardCharsets.UTF_8)).isEqualTo(order(event));
        JsonNode headers = JSON.readTree((String) row.get("headers"));
        assertThat(headers.path("event-id").asText()).isEqualTo(event);
        assertThat(headers.path("correlation-id").asText()).isEqualTo("corr-" + event);
        assertThat(headers.path("Idempotency-Key").asText()).isEqualTo(event + ":" + STEP);
        assertThat(headers.path("tenant").asText()).isEqualTo("acme");
        Instant first = ((Timestamp) row.get("first_attempt")).toInstant();
        Instant last = ((Timestamp) row.get("last_attempt")).toInstant();
        assertThat(first).isBefore(last);
        assertThat(row.get("created_at")).isNotNull();
        assertThat(row.get("replayed_at")).isNull();
        assertThat(row.get("replay_outcome")).isNull();
        assertThat(row.get("acted_by")).isNull();

        assertThat(KafkaTopics.withKey(kafka.servers(), TOPIC, id))
                .singleElement()
                .satisfies(record -> {
                    assertThat(record.value()).isEqualTo((byte[]) row.get("body"));
                    assertThat(header(record, "dead-letter-id")).isEqualTo(id);
                    assertThat(header(record, "adapter-id")).isEqualTo("sales");
                    assertThat(header(record, "error-type")).isEqualTo("server_error");
                    assertThat(header(record, "attempts")).isEqualTo("2");
                    assertThat(Instant.parse(header(record, "first-attempt"))).isEqualTo(first);
                    assertThat(Instant.parse(header(record, "last-attempt"))).isEqualTo(last);
                    assertThat(header(record, "correlation-id")).isEqualTo("corr-" + event);
                    assertThat(header(record, "event-id")).isEqualTo(event);
                });

        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM step_ledger WHERE step_key = ?", Integer.class, event + ":" + STEP))
                .as("the failed step gave its idempotency key back, so a replay is not skipped as a duplicate")
                .isZero();

        JsonNode shown = json(send("GET", "/v1/dead-letters/" + id, ADMIN_KEY));
        assertThat(shown.path("body").asText()).isEqualTo(order(event));
        assertThat(Base64.getDecoder().decode(shown.path("bodyBase64").asText()))
                .isEqualTo((byte[]) row.get("body"));
        assertThat(shown.path("headers")).isEqualTo(headers);
        assertThat(shown.path("firstAttempt").asText()).isEqualTo(first.toString());
        assertThat(shown.path("routeId").asText()).isEqualTo(STEP);
        assertThat(shown.path("errorMessage").asText()).isEqualTo("sales answered 503");
    }

    @Test
    void replayAfterTheFaultIsClearedDeliversOnceMarksTheLetterReplayedAndIsNotRepeated() {
        salesFailWith(503);
        String event = "evt_" + UUID.randomUUID();
        intake(event);
        String id = letterOf(event);
        healthySalesSystem();

        HttpResponse<String> replayed = send("POST", "/v1/dead-letters/" + id + "/replay", ADMIN_KEY);

        assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(200);
        JsonNode letter = json(replayed);
        assertThat(letter.path("status").asText()).isEqualTo("replayed");
        assertThat(letter.path("replayOutcome").asText()).isEqualTo("delivered");
        assertThat(letter.path("actedBy").asText()).isEqualTo("bootstrap");
        assertThat(Instant.parse(letter.path("replayedAt").asText())).isBefore(Instant.now());
        assertThat(effects(event + ":" + STEP)).isEqualTo(1);

        assertError(send("POST", "/v1/dead-letters/" + id + "/replay", ADMIN_KEY), 409, "DEAD_LETTER_NOT_PENDING");
        assertError(send("DELETE", "/v1/dead-letters/" + id, ADMIN_KEY), 409, "DEAD_LETTER_NOT_PENDING");
        assertThat(effects(event + ":" + STEP)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM dead_letter WHERE event_id = ?", Integer.class, event))
                .isEqualTo(1);
        assertThat(jdbc.queryForMap(
                        "SELECT actor, action, outcome FROM audit_log WHERE target = ? AND action = ?",
                        id,
                        "dead-letter.replay"))
                .containsEntry("actor", "bootstrap")
                .containsEntry("outcome", "delivered");
        intake(event);
        assertThat(effects(event + ":" + STEP))
                .as("the replayed step holds its idempotency key again")
                .isEqualTo(1);
    }

    @Test
    void aReplayThatFailsAgainLeavesTheLetterPendingWithTheNewAttemptsAndMakesNoSecondLetter() throws Exception {
        salesFailWith(503);
        String event = "evt_" + UUID.randomUUID();
        intake(event);
        String id = letterOf(event);

        JsonNode error =
                assertError(send("POST", "/v1/dead-letters/" + id + "/replay", ADMIN_KEY), 502, "REPLAY_FAILED");

        assertThat(error.path("details").path("status").asText()).isEqualTo("pending");
        assertThat(error.path("details").path("attempts").asInt()).isEqualTo(4);
        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM dead_letter WHERE id = ?", id);
        assertThat(row).containsEntry("status", "pending").containsEntry("attempts", 4);
        assertThat((String) row.get("replay_outcome")).startsWith("failed: server_error");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM dead_letter WHERE event_id = ?", Integer.class, event))
                .isEqualTo(1);
        List<ConsumerRecord<String, byte[]>> published = KafkaTopics.withKey(kafka.servers(), TOPIC, id);
        assertThat(published).hasSize(2);
        assertThat(header(published.get(1), "attempts"))
                .as("the latest record is the letter as stored")
                .isEqualTo("4");
        assertThat(Instant.parse(header(published.get(1), "last-attempt")))
                .isEqualTo(((Timestamp) row.get("last_attempt")).toInstant());

        healthySalesSystem();
        assertThat(send("POST", "/v1/dead-letters/" + id + "/replay", ADMIN_KEY).statusCode())
                .isEqualTo(200);
        assertThat(effects(event + ":" + STEP)).isEqualTo(1);
    }

    @Test
    void twoConcurrentReplaysOfOneLetterMakeOneEffect() {
        String event = "evt_" + UUID.randomUUID();
        String id = refusedLetter(event);
        long requestsBefore = salesRequests();

        CompletableFuture<HttpResponse<String>> one = http.sendAsync(
                request("POST", "/v1/dead-letters/" + id + "/replay", ADMIN_KEY, null),
                HttpResponse.BodyHandlers.ofString());
        CompletableFuture<HttpResponse<String>> other = http.sendAsync(
                request("POST", "/v1/dead-letters/" + id + "/replay", ADMIN_KEY, null),
                HttpResponse.BodyHandlers.ofString());

        assertThat(List.of(one.join().statusCode(), other.join().statusCode())).containsExactlyInAnyOrder(200, 409);
        assertThat(effects(event + ":" + STEP)).isEqualTo(1);
        assertThat(salesRequests() - requestsBefore)
                .as("one call reached the sales system")
                .isEqualTo(1);
    }

    @Test
    void aCallThatHadInFactSucceededIsNotMadeTwiceByItsReplay() {
        // Slower than the adapter's 1 s timeout: the sales system takes the order, the hub never hears back.
        assertThat(send("POST", "/sandbox/sales/faults", null, "{\"latencyMs\":1500}")
                        .statusCode())
                .isEqualTo(200);
        String event = "evt_" + UUID.randomUUID();
        intake(event);
        String id = letterOf(event);
        assertThat(jdbc.queryForObject("SELECT error_type FROM dead_letter WHERE id = ?", String.class, id))
                .isEqualTo("timeout");
        await().atMost(Duration.ofSeconds(5)).until(() -> effects(event + ":" + STEP) == 1);
        healthySalesSystem();

        HttpResponse<String> replayed = send("POST", "/v1/dead-letters/" + id + "/replay", ADMIN_KEY);

        assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(200);
        assertThat(effects(event + ":" + STEP)).isEqualTo(1);
    }

    @Test
    void anOpenCircuitRefusesAReplayAndLeavesABulkReplaysLettersPendingWithNothingSent() {
        Instant since = Instant.now();
        List<String> ids =
                List.of(refusedLetter("evt_" + UUID.randomUUID()), refusedLetter("evt_" + UUID.randomUUID()));
        adapters.get("sales").breaker().transitionToForcedOpenState();
        long requestsBefore = salesRequests();

        HttpResponse<String> single = send("POST", "/v1/dead-letters/" + ids.get(0) + "/replay", ADMIN_KEY);
        assertError(single, 503, "CIRCUIT_OPEN");
        assertThat(single.headers().firstValue("Retry-After")).isPresent();

        HttpResponse<String> bulk =
                send("POST", "/v1/dead-letters/replay?adapter=sales&since=" + encode(since), ADMIN_KEY);
        assertThat(bulk.statusCode()).as(bulk.body()).isEqualTo(200);
        JsonNode summary = json(bulk);
        assertThat(summary.path("selected").asInt()).isEqualTo(2);
        assertThat(summary.path("replayed").asInt()).isZero();
        assertThat(summary.path("skipped").asInt()).isEqualTo(2);
        summary.path("letters")
                .forEach(item -> assertThat(item.path("outcome").asText()).isEqualTo("not-tried: circuit-open"));
        assertThat(salesRequests()).isEqualTo(requestsBefore);
        for (String id : ids) {
            assertThat(jdbc.queryForObject("SELECT status FROM dead_letter WHERE id = ?", String.class, id))
                    .isEqualTo("pending");
        }
    }

    @Test
    void bulkReplayOf500LettersKeepsToTheAdaptersRateAndLeavesNonePending() {
        Instant since = Instant.now();
        String run = "bulk-" + UUID.randomUUID() + "-";
        salesFailWith(400);
        List<CompletableFuture<Object>> made = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            String event = run + i;
            made.add(producer.asyncRequestBodyAndHeaders(
                    INTAKE, order(event), Map.of("event-id", event, "correlation-id", "corr-" + event)));
        }
        made.forEach(CompletableFuture::join);
        healthySalesSystem();
        assertThat(pendingOf(run)).isEqualTo(500);

        HttpResponse<String> response = send(
                "POST",
                "/v1/dead-letters/replay?adapter=sales&errorType=client_error&limit=500&since=" + encode(since),
                ADMIN_KEY);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode summary = json(response);
        assertThat(summary.path("selected").asInt()).isEqualTo(500);
        assertThat(summary.path("replayed").asInt()).isEqualTo(500);
        assertThat(summary.path("failed").asInt()).isZero();
        assertThat(summary.path("letters")).hasSize(500);
        assertThat(pendingOf(run)).isZero();
        List<Instant> delivered = jdbc
                .queryForList(
                        "SELECT recorded_at FROM sandbox_effect WHERE system_name = 'sales'"
                                + " AND idempotency_key LIKE ? ORDER BY recorded_at",
                        Timestamp.class,
                        run + "%")
                .stream()
                .map(Timestamp::toInstant)
                .toList();
        assertThat(delivered).hasSize(500);
        Duration took = Duration.between(delivered.get(0), delivered.get(delivered.size() - 1));
        int busiestSecond = busiestSecond(delivered);
        System.out.printf(
                "Bulk replay: 500 letters delivered in %d ms (%.1f/s; busiest second %d calls; adapter rate %d/s,"
                        + " burst %d), answered in %d ms%n",
                took.toMillis(),
                500_000.0 / took.toMillis(),
                busiestSecond,
                RATE,
                BURST,
                summary.path("tookMs").asLong());
        // The throttle lets BURST calls through per BURST / RATE seconds: a second holds RATE calls, and a burst more
        // where it straddles the edge of one.
        assertThat(busiestSecond).isLessThanOrEqualTo(RATE + BURST);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(1000L * (500 - BURST) / RATE - 200));
    }

    /** The most calls in any one-second window that starts at a call. */
    private static int busiestSecond(List<Instant> sorted) {
        int busiest = 0;
        int end = 0;
        for (int start = 0; start < sorted.size(); start++) {
            Instant limit = sorted.get(start).plusSeconds(1);
            while (end < sorted.size() && sorted.get(end).isBefore(limit)) {
                end++;
            }
            busiest = Math.max(busiest, end - start);
        }
        return busiest;
    }

    private int pendingOf(String eventPrefix) {
        Integer count = jdbc.queryForObject(
                "SELECT count(*) FROM dead_letter WHERE event_id LIKE ? AND status = 'pending'",
                Integer.class,
                eventPrefix + "%");
        return count == null ? 0 : count;
    }

    private static String encode(Instant at) {
        return URLEncoder.encode(at.toString(), StandardCharsets.UTF_8);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

package com.acme.hub.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.acme.hub.platform.kafka.EmbeddedKafkaBroker;
import com.acme.hub.platform.kafka.KafkaBootstrap;
import com.acme.hub.testing.KafkaTopics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Kafka stops and comes back: the hub answers 503 within 5 s while it is gone, remembers nothing it did not store,
 * and accepts the sender's retry once the broker is back. The broker is owned by the test (the hub sees it as an
 * external cluster) so it can be stopped and restarted on the same port and data.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("it")
// Its broker or proxy is gone after the class: the context must not linger in the cache, reconnecting.
@DirtiesContext
class KafkaOutageIT {

    private static final String SECRET = "gen-old-secret";
    private static final Path DATA = tempDir();
    private static final int PORT = freePort();
    private static EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start("localhost", PORT, 0, DATA);

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    KafkaBootstrap bootstrap;

    @DynamicPropertySource
    static void externalKafka(DynamicPropertyRegistry registry) {
        registry.add("hub.kafka.bootstrap-servers", () -> "localhost:" + PORT);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void kafkaDownAnswers503ThenTheRetryIsAcceptedAndNothingAcceptedIsLost() {
        assertThat(bootstrap.embedded())
                .as("no in-process broker with bootstrap servers configured")
                .isFalse();
        assertThat(bootstrap.servers()).isEqualTo("localhost:" + PORT);
        WebhookClient client = new WebhookClient(port);
        List<String> accepted = new ArrayList<>();
        String before = "evt_" + UUID.randomUUID();
        assertThat(client.post("generic", "hmac-sha256", SECRET, before, body(before))
                        .statusCode())
                .isEqualTo(202);
        accepted.add(before);

        broker.close();
        String during = "evt_" + UUID.randomUUID();
        long start = System.nanoTime();
        HttpResponse<String> refused = client.post("generic", "hmac-sha256", SECRET, during, body(during));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(took).isLessThan(Duration.ofSeconds(5));
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(refused.body()).contains("STORE_UNAVAILABLE");
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM webhook_receipt WHERE source = 'generic' AND event_id = ?",
                        Integer.class,
                        during))
                .as("a refused event is not remembered as seen")
                .isZero();

        broker = EmbeddedKafkaBroker.start("localhost", PORT, 0, DATA);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> client.post("generic", "hmac-sha256", SECRET, during, body(during))
                                .statusCode()
                        == 202);
        accepted.add(during);

        String after = "evt_" + UUID.randomUUID();
        assertThat(client.post("generic", "hmac-sha256", SECRET, after, body(after))
                        .statusCode())
                .isEqualTo(202);
        accepted.add(after);

        List<String> keys = KafkaTopics.readAll(broker.bootstrapServers(), "hub.inbound.generic").stream()
                .map(record -> record.key())
                .filter(accepted::contains)
                .toList();
        assertThat(keys).containsExactlyInAnyOrderElementsOf(accepted);
    }

    @Test
    void kafkaStoppedUnderLoadAcceptsNothingItDidNotStoreAndTheRetriesLater() throws Exception {
        WebhookClient client = new WebhookClient(port);
        Map<String, Integer> answers = new ConcurrentHashMap<>();
        AtomicBoolean loading = new AtomicBoolean(true);
        ExecutorService senders = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 4; i++) {
            senders.submit(() -> {
                // Bounded: at most 5,000 webhooks per sender, and stopped by the test long before.
                for (int n = 0; n < 5_000 && loading.get(); n++) {
                    String id = "evt_" + UUID.randomUUID();
                    answers.put(
                            id,
                            client.post("generic", "hmac-sha256", SECRET, id, body(id))
                                    .statusCode());
                }
            });
        }
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> count(answers, 202) >= 20);
            broker.close();
            await().atMost(Duration.ofSeconds(60)).until(() -> count(answers, 503) >= 8);
        } finally {
            loading.set(false);
            senders.shutdown();
            assertThat(senders.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            broker = EmbeddedKafkaBroker.start("localhost", PORT, 0, DATA);
        }
        assertThat(answers.values()).as("every answer is 202 or 503").containsOnly(202, 503);
        List<String> refused = answers.entrySet().stream()
                .filter(e -> e.getValue() == 503)
                .map(Map.Entry::getKey)
                .toList();
        List<String> accepted = new ArrayList<>(answers.entrySet().stream()
                .filter(e -> e.getValue() == 202)
                .map(Map.Entry::getKey)
                .toList());

        List<String> inKafka = keys(answers.keySet());
        assertThat(inKafka).as("nothing accepted that is not in Kafka").containsAll(accepted);
        assertThat(inKafka).as("each accepted one once").doesNotHaveDuplicates();

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> refused.stream().allMatch(id -> List.of(200, 202)
                        .contains(client.post("generic", "hmac-sha256", SECRET, id, body(id))
                                .statusCode())));
        List<String> all = keys(answers.keySet());
        assertThat(all).as("the retries are in Kafka").containsAll(refused);
        // A 503 while the broker went down may be for a record it had written without answering: only then may
        // a retry publish a second copy. What was answered 202 never is.
        assertThat(all.stream().filter(accepted::contains).toList())
                .as("each accepted one once")
                .containsExactlyInAnyOrderElementsOf(accepted);
    }

    private List<String> keys(java.util.Set<String> ids) {
        return KafkaTopics.readAll(broker.bootstrapServers(), "hub.inbound.generic").stream()
                .map(record -> record.key())
                .filter(ids::contains)
                .toList();
    }

    private static long count(Map<String, Integer> answers, int status) {
        return answers.values().stream().filter(s -> s == status).count();
    }

    private static byte[] body(String id) {
        return ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory(Files.createDirectories(Path.of("target", "it-kafka")), "outage-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package com.acme.hub.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.acme.hub.platform.kafka.KafkaBootstrap;
import com.acme.hub.testing.KafkaTopics;
import com.acme.hub.testing.TcpProxy;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The database goes away under load (a TCP proxy in front of the real PostgreSQL is cut): the webhooks that arrive
 * meanwhile are answered 503, none is answered 202 without a claim, and once the database is back everything
 * accepted has its receipt and its one Kafka record.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("it")
@DirtiesContext
class DatabaseOutageIT {

    private static final String SECRET = "whsec_b2xkLXNhbGVzLXNlY3JldC1mb3ItdGVzdHM=";
    private static final String DB_URL =
            System.getenv().getOrDefault("HUB_TEST_DB_URL", "jdbc:postgresql://localhost:5432/hub_test");
    private static final TcpProxy PROXY =
            new TcpProxy(URI.create(DB_URL.substring("jdbc:".length())).getPort());

    @LocalServerPort
    int port;

    @Autowired
    KafkaBootstrap kafka;

    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    @DynamicPropertySource
    static void throughTheProxy(DynamicPropertyRegistry registry) {
        URI db = URI.create(DB_URL.substring("jdbc:".length()));
        registry.add(
                "spring.datasource.url",
                () -> "jdbc:postgresql://localhost:" + PROXY.port() + db.getPath()
                        + (db.getQuery() == null ? "" : "?" + db.getQuery()));
        // A request waits at most a second for a connection: the sender gets its 503 soon.
        registry.add("spring.datasource.hikari.connection-timeout", () -> "1000");
        registry.add("spring.datasource.hikari.validation-timeout", () -> "500");
    }

    @AfterAll
    static void closeProxy() {
        PROXY.close();
    }

    @Test
    void databaseDownUnderLoadAnswers503AndNever202WithoutAClaim() throws Exception {
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
                            client.post("sales", "standard-webhooks", SECRET, id, ReceiptAfterAckIT.body(id))
                                    .statusCode());
                }
            });
        }
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> count(answers, 202) >= 20);
            PROXY.cut();
            await().atMost(Duration.ofSeconds(60)).until(() -> count(answers, 503) >= 10);
            PROXY.open();
            long acceptedBefore = count(answers, 202);
            await().atMost(Duration.ofSeconds(60)).until(() -> count(answers, 202) >= acceptedBefore + 20);
        } finally {
            loading.set(false);
            senders.shutdown();
            assertThat(senders.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(answers.values()).as("every answer is 202 or 503").containsOnly(202, 503);
        Set<String> accepted = ids(answers, 202);
        Set<String> refused = ids(answers, 503);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jdbc.queryForList(
                        "SELECT event_id FROM webhook_receipt WHERE source = 'sales' AND status = 'stored'"
                                + " AND event_id IN (" + placeholders(accepted) + ")",
                        String.class,
                        accepted.toArray()))
                .as("every accepted webhook has its receipt")
                .containsExactlyInAnyOrderElementsOf(accepted));
        List<String> published = KafkaTopics.readAll(kafka.servers(), "hub.inbound.sales").stream()
                .map(record -> record.key())
                .filter(key -> accepted.contains(key) || refused.contains(key))
                .toList();
        assertThat(published)
                .as("accepted ones once each, refused ones never")
                .containsExactlyInAnyOrderElementsOf(accepted);
        // A refused webhook may leave a claim (its INSERT committed, the answer lost with the connection): such a
        // claim expires like a dead replica's, and the sender's retry takes it over. It is never "stored".
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM webhook_receipt WHERE source = 'sales' AND status = 'stored'"
                                + " AND event_id IN (" + placeholders(refused) + ")",
                        Integer.class,
                        refused.toArray()))
                .as("a refused webhook is not stored")
                .isZero();
    }

    private static long count(Map<String, Integer> answers, int status) {
        return answers.values().stream().filter(s -> s == status).count();
    }

    private static Set<String> ids(Map<String, Integer> answers, int status) {
        return answers.entrySet().stream()
                .filter(e -> e.getValue() == status)
                .map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }

    private static String placeholders(Set<String> ids) {
        return ids.stream().map(id -> "?").collect(Collectors.joining(","));
    }
}

package com.acme.hub.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.acme.hub.platform.kafka.KafkaBootstrap;
import com.acme.hub.testing.KafkaTopics;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * Once Kafka acknowledged an event it is accepted, whatever happens to its receipt: a receipt the database refuses
 * is written again later, and the sender's copies meanwhile are duplicates, not second publications. The database
 * refuses for real: a trigger on the receipts table rejects the "stored" mark of chosen events until it is dropped.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("it")
class ReceiptAfterAckIT {

    private static final String SECRET = "whsec_b2xkLXNhbGVzLXNlY3JldC1mb3ItdGVzdHM=";
    private static final String REFUSED_PREFIX = "evt_unrecordable_";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    KafkaBootstrap kafka;

    @AfterEach
    void dropTrigger() {
        jdbc.execute("DROP TRIGGER IF EXISTS refuse_stored_mark ON webhook_receipt");
        jdbc.execute("DROP FUNCTION IF EXISTS refuse_stored_mark()");
    }

    @Test
    void aReceiptThatCannotBeWrittenAfterTheAckIsStill202ThenRepairedAndCopiesAreDuplicates() throws Exception {
        jdbc.execute("CREATE OR REPLACE FUNCTION refuse_stored_mark() RETURNS trigger AS $$ BEGIN"
                + " IF NEW.status = 'stored' AND NEW.event_id LIKE '" + REFUSED_PREFIX + "%' THEN"
                + " RAISE EXCEPTION 'receipt refused by the test'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql");
        jdbc.execute("CREATE TRIGGER refuse_stored_mark BEFORE UPDATE ON webhook_receipt"
                + " FOR EACH ROW EXECUTE FUNCTION refuse_stored_mark()");
        WebhookClient client = new WebhookClient(port);
        // Several events at once, so that refused and writable marks may share a batch, which then fails whole.
        String refused = REFUSED_PREFIX + UUID.randomUUID();
        List<String> others = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            others.add("evt_" + UUID.randomUUID());
        }
        List<String> all = new ArrayList<>(others);
        all.add(refused);

        List<Integer> first = postAll(client, all);

        assertThat(first).as("Kafka acknowledged every one of them").containsOnly(202);
        assertThat(status(refused))
                .as("the refused receipt is not in the database")
                .isEqualTo("in_flight");
        HttpResponse<String> retry = client.post("sales", "standard-webhooks", SECRET, refused, body(refused));
        assertThat(retry.statusCode())
                .as("the sender's retry is a duplicate: %s", retry.body())
                .isEqualTo(200);
        assertThat(retry.body()).contains("duplicate");
        assertThat(postAll(client, all))
                .as("every copy of the batch is a duplicate")
                .containsOnly(200);

        dropTrigger();

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> all.forEach(id ->
                        assertThat(status(id)).as("receipt of %s repaired", id).isEqualTo("stored")));
        List<ConsumerRecord<String, byte[]>> records = KafkaTopics.readAll(kafka.servers(), "hub.inbound.sales");
        for (String id : all) {
            List<ConsumerRecord<String, byte[]>> published =
                    records.stream().filter(r -> id.equals(r.key())).toList();
            assertThat(published).as("records of %s", id).hasSize(1);
            assertThat(jdbc.queryForObject(
                            "SELECT kafka_offset FROM webhook_receipt WHERE source = 'sales' AND event_id = ?",
                            Long.class,
                            id))
                    .isEqualTo(published.get(0).offset());
        }
        assertThat(client.post("sales", "standard-webhooks", SECRET, refused, body(refused))
                        .statusCode())
                .isEqualTo(200);
    }

    private String status(String id) {
        return jdbc.queryForObject(
                "SELECT status FROM webhook_receipt WHERE source = 'sales' AND event_id = ?", String.class, id);
    }

    private static List<Integer> postAll(WebhookClient client, List<String> ids) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(ids.size());
        try {
            List<CompletableFuture<Integer>> answers = ids.stream()
                    .map(id -> CompletableFuture.supplyAsync(
                            () -> client.post("sales", "standard-webhooks", SECRET, id, body(id))
                                    .statusCode(),
                            pool))
                    .toList();
            List<Integer> statuses = new ArrayList<>();
            for (CompletableFuture<Integer> answer : answers) {
                statuses.add(answer.get());
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    static byte[] body(String id) {
        return ("{\"type\":\"order.created\",\"id\":\"" + id + "\",\"data\":{\"orderId\":\"SO-" + id + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
    }
}

package com.acme.hub.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.acme.hub.HubApplication;
import com.acme.hub.platform.kafka.KafkaBootstrap;
import com.acme.hub.webhook.WebhookSigner;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

/**
 * A replay job outlives the replica running it: two hubs on one Kafka and one database, the job starts on the
 * second, the second goes away mid-job, and the first takes the job over when its lease runs out and finishes it from
 * the last checkpoint, with totals that count every event once.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("it")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestPropertySource(properties = {EventReplayFailoverIT.FLOWS, EventReplayFailoverIT.LEASE, EventReplayFailoverIT.POLL})
class EventReplayFailoverIT {

    static final String FLOWS = "camel.main.routes-include-pattern=classpath:replay/it-replay-probe.yaml";
    static final String LEASE = "hub.jobs.lease=2s";
    static final String POLL = "hub.jobs.poll-interval=200ms";
    private static final int EVENTS = 40;
    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @Autowired
    KafkaBootstrap kafka;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Replica replica;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void anotherReplicaResumesAJobWhoseReplicaWentAwayAndCountsEveryEventOnce() throws Exception {
        Instant since = Instant.now();
        for (int i = 0; i < EVENTS; i++) {
            post();
        }
        Instant until = Instant.now().plusMillis(1);
        // Command-line arguments: they outrank application-it.yaml, as the second replica's own settings must.
        ConfigurableApplicationContext other = new SpringApplicationBuilder(HubApplication.class)
                .profiles("it")
                .run(
                        "--server.port=0",
                        "--hub.kafka.bootstrap-servers=" + kafka.servers(),
                        "--" + FLOWS,
                        "--" + LEASE,
                        "--" + POLL);
        String otherReplica = other.getBean(Replica.class).id();
        String job;
        try {
            int otherPort = Integer.parseInt(other.getEnvironment().getProperty("local.server.port"));
            HttpResponse<String> started = send(
                    otherPort,
                    HttpRequest.newBuilder(URI.create("http://localhost:" + otherPort + "/v1/events/replay"))
                            .header("X-API-Key", "it-admin-key")
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"source\":\"generic\",\"since\":\"" + since
                                    + "\",\"until\":\"" + until + "\",\"flows\":[\"it-replay-probe\"]}")));
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            job = JSON.readTree(started.body()).path("id").asText();
            await().atMost(Duration.ofSeconds(60))
                    .until(
                            () -> jdbc.queryForObject("SELECT done FROM hub_job WHERE id = ?", Long.class, job),
                            n -> n > 0);
            assertThat(jdbc.queryForObject("SELECT owner FROM hub_job WHERE id = ?", String.class, job))
                    .isEqualTo(otherReplica);
        } finally {
            other.close();
        }
        assertThat(jdbc.queryForObject("SELECT status FROM hub_job WHERE id = ?", String.class, job))
                .isEqualTo("running");

        await().atMost(Duration.ofSeconds(90))
                .until(
                        () -> jdbc.queryForObject("SELECT status FROM hub_job WHERE id = ?", String.class, job),
                        "done"::equals);
        JsonNode finished = JSON.readTree(send(
                        port,
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/jobs/" + job))
                                .header("X-API-Key", "it-admin-key")
                                .GET())
                .body());
        assertThat(finished.path("total").asInt()).isEqualTo(EVENTS);
        assertThat(finished.path("done").asInt()).isEqualTo(EVENTS);
        assertThat(finished.path("failed").asInt()).isZero();
        assertThat(jdbc.queryForObject("SELECT owner FROM hub_job WHERE id = ?", String.class, job))
                .isEqualTo(replica.id());
    }

    private void post() throws Exception {
        byte[] body = "{\"kind\":\"probe\"}".getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/v1/webhooks/generic"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        WebhookSigner.sign("hmac-sha256", "gen-new-secret", UUID.randomUUID().toString(), Instant.now(), body)
                .forEach(request::header);
        assertThat(send(port, request).statusCode()).isEqualTo(202);
    }

    private HttpResponse<String> send(int port, HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}

package com.acme.hub.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

/**
 * The retention purge over PostgreSQL: rows are written with the ages under test, and the purge runs "now" plus a
 * fixed offset far in the future, so rows other tests leave in the shared database are all older than anything here
 * and never decide an assertion.
 */
@CamelSpringBootTest
@SpringBootTest
@ActiveProfiles("it")
@TestPropertySource(
        properties = {
            "hub.retention.receipts=30d",
            "hub.retention.journal=10d",
            "hub.retention.dead-letters=90d",
            "hub.retention.batch-size=2",
        })
class RetentionPurgeIT {

    /** The purge's "now": years after anything a test run writes. */
    private static final Instant NOW = Instant.now().plus(Duration.ofDays(3650));

    @Autowired
    RetentionPurge purge;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MeterRegistry meters;

    @Test
    void purgesOnlyWhatIsOlderThanEachSettingInBatches() {
        String run = UUID.randomUUID().toString();
        for (int i = 0; i < 5; i++) {
            receipt(run + "-old-" + i, NOW.minus(Duration.ofDays(31)));
        }
        receipt(run + "-young", NOW.minus(Duration.ofDays(29)));
        journal(run + "-old", NOW.minus(Duration.ofDays(11)));
        journal(run + "-young", NOW.minus(Duration.ofDays(9)));
        // Letter ids are at most 36 characters.
        String tag = run.substring(0, 8);
        letter(tag + "-replayed-old", "replayed", NOW.minus(Duration.ofDays(91)));
        letter(tag + "-discarded-old", "discarded", NOW.minus(Duration.ofDays(91)));
        letter(tag + "-pending-old", "pending", NOW.minus(Duration.ofDays(91)));
        letter(tag + "-replayed-young", "replayed", NOW.minus(Duration.ofDays(89)));
        double before = purged("webhook_receipt");

        Map<String, Long> purged = purge.purge(NOW);

        assertThat(purged.get("webhook_receipt")).isGreaterThanOrEqualTo(5);
        assertThat(count("SELECT count(*) FROM webhook_receipt WHERE event_id LIKE ?", run + "%"))
                .isEqualTo(1);
        assertThat(jdbc.queryForObject(
                        "SELECT event_id FROM webhook_receipt WHERE event_id LIKE ?", String.class, run + "%"))
                .isEqualTo(run + "-young");
        assertThat(jdbc.queryForList(
                        "SELECT idempotency_key FROM step_journal WHERE idempotency_key LIKE ?",
                        String.class,
                        run + "%"))
                .containsExactly(run + "-young");
        assertThat(jdbc.queryForList("SELECT id FROM dead_letter WHERE id LIKE ? ORDER BY id", String.class, tag + "%"))
                .containsExactly(tag + "-pending-old", tag + "-replayed-young");
        assertThat(purged("webhook_receipt") - before)
                .isEqualTo(purged.get("webhook_receipt").doubleValue());
        // Rows dated years ahead would otherwise show up in other tests' "since" filters.
        jdbc.update("DELETE FROM webhook_receipt WHERE event_id LIKE ?", run + "%");
        jdbc.update("DELETE FROM step_journal WHERE idempotency_key LIKE ?", run + "%");
        jdbc.update("DELETE FROM dead_letter WHERE id LIKE ?", tag + "%");
    }

    @Test
    void oneReplicaAtATimeTakesThePurgeForAnInterval() {
        // A run before this one on the same database left its lease far in the future.
        jdbc.update("UPDATE hub_lease SET owner = NULL, lease_until = NULL WHERE name = 'retention'");
        Instant at = NOW.plus(Duration.ofDays(1));
        assertThat(purge.takeLease(at)).isTrue();
        assertThat(purge.takeLease(at.plusSeconds(60))).isFalse();
        assertThat(purge.takeLease(at.plus(Duration.ofHours(1)))).isTrue();
    }

    private double purged(String table) {
        var counter = meters.find("hub.retention.purged").tag("table", table).counter();
        return counter == null ? 0 : counter.count();
    }

    private int count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Integer.class, args);
    }

    private void receipt(String id, Instant at) {
        jdbc.update(
                "INSERT INTO webhook_receipt (source, event_id, status, tenant, received_at, claimed_at)"
                        + " VALUES ('it-retention', ?, 'stored', 'default', ?, ?)",
                id,
                Timestamp.from(at),
                Timestamp.from(at));
    }

    private void journal(String key, Instant at) {
        jdbc.update(
                "INSERT INTO step_journal (idempotency_key, step, adapter_id, outcome, at) VALUES (?, 's', 'a', 'done', ?)",
                key,
                Timestamp.from(at));
    }

    private void letter(String id, String status, Instant at) {
        Timestamp when = Timestamp.from(at);
        jdbc.update(
                "INSERT INTO dead_letter (id, adapter_id, route_id, step, headers, error_type, attempts, first_attempt,"
                        + " last_attempt, status, created_at, acted_at) VALUES (?, 'it-retention', 'r', 's', '{}',"
                        + " 'client_error',"
                        + " 1, ?, ?, ?, ?, ?)",
                id,
                when,
                when,
                status,
                when,
                status.equals("pending") ? null : when);
    }
}

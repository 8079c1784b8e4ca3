package com.acme.hub.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The dead-letter table's queries on the embedded default, H2 in PostgreSQL mode, migrated by the real Flyway scripts. */
class DeadLetterStoreTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private DeadLetterStore store;
    private JdbcTemplate jdbc;

    @BeforeEach
    void migratedH2() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(
                "jdbc:h2:mem:dlq-" + UUID.randomUUID()
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
                "sa",
                "");
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        jdbc = new JdbcTemplate(dataSource);
        store = new DeadLetterStore(jdbc);
    }

    @Test
    void pagesNewestFirstWithoutGapsOrRepeatsWhenLettersShareATimestamp() {
        List<String> inserted = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            // Pairs share a created_at: the id breaks the tie.
            inserted.add(insert("sales", "server_error", T0.plusSeconds(i / 2)));
        }
        List<String> seen = new ArrayList<>();
        DeadLetterStore.Cursor cursor = null;
        for (int page = 0; page < 5; page++) {
            List<DeadLetterStore.Letter> letters = store.list(all(), cursor, 3, false);
            letters.forEach(letter -> seen.add(letter.id()));
            if (letters.size() < 3) {
                break;
            }
            DeadLetterStore.Letter last = letters.get(letters.size() - 1);
            cursor = new DeadLetterStore.Cursor(last.createdAt(), last.id());
        }
        assertThat(seen).hasSize(7).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(inserted);
        List<Instant> times = seen.stream()
                .map(id -> store.find(id).orElseThrow().createdAt())
                .toList();
        assertThat(times).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    }

    @Test
    void filtersByAdapterErrorTypeStatusAndCreationTime() {
        String old = insert("sales", "server_error", T0);
        String erp = insert("erp", "timeout", T0.plusSeconds(10));
        String recent = insert("sales", "client_error", T0.plusSeconds(20));
        store.discard(recent, "op", T0.plusSeconds(30));

        assertThat(ids(new DeadLetterStore.Filter("sales", null, null, null, null)))
                .containsExactly(recent, old);
        assertThat(ids(new DeadLetterStore.Filter(null, "timeout", null, null, null)))
                .containsExactly(erp);
        assertThat(ids(new DeadLetterStore.Filter(null, null, "pending", null, null)))
                .containsExactly(erp, old);
        assertThat(ids(new DeadLetterStore.Filter(null, null, null, T0.plusSeconds(10), T0.plusSeconds(20))))
                .containsExactly(erp);
        assertThat(store.list(new DeadLetterStore.Filter(null, null, "pending", null, null), null, 10, true).stream()
                        .map(DeadLetterStore.Letter::id))
                .containsExactly(old, erp);
        assertThat(store.pending("sales")).isEqualTo(1);
    }

    @Test
    void aLetterIsClaimedOnceAndAClaimOlderThanTheLeaseIsTakenOver() {
        String id = insert("sales", "server_error", T0);
        Instant now = T0.plusSeconds(60);

        assertThat(store.claim(id, "alice", now, now.minusSeconds(600))).isTrue();
        assertThat(store.claim(id, "bob", now, now.minusSeconds(600))).isFalse();
        assertThat(store.discard(id, "bob", now)).isFalse();
        assertThat(store.claim(id, "bob", now.plusSeconds(700), now.plusSeconds(100)))
                .as("alice's replica died mid-replay")
                .isTrue();
        assertThat(store.find(id).orElseThrow().actedBy()).isEqualTo("bob");

        assertThat(store.replayed(id, "delivered", now)).isTrue();
        DeadLetterStore.Letter done = store.find(id).orElseThrow();
        assertThat(done.status()).isEqualTo("replayed");
        assertThat(done.replayOutcome()).isEqualTo("delivered");
        assertThat(store.claim(id, "carol", now, now)).isFalse();
    }

    @Test
    void aReplayThatFailedAgainLeavesTheLetterPendingWithTheNewErrorAndTheAttemptsAdded() {
        String id = insert("sales", "server_error", T0);
        store.claim(id, "alice", T0, T0);
        Instant last = T0.plusSeconds(5);

        assertThat(store.failedAgain(id, "timeout", "sales did not answer", 2, last, "failed: timeout", last))
                .isTrue();

        DeadLetterStore.Letter letter = store.find(id).orElseThrow();
        assertThat(letter.status()).isEqualTo("pending");
        assertThat(letter.content().errorType()).isEqualTo("timeout");
        assertThat(letter.content().attempts()).isEqualTo(5);
        assertThat(letter.content().firstAttempt()).isEqualTo(T0);
        assertThat(letter.content().lastAttempt()).isEqualTo(last);
        assertThat(letter.replayOutcome()).isEqualTo("failed: timeout");
        assertThat(letter.replayedAt()).isEqualTo(last);
    }

    @Test
    void keepsTheBodyByteForByte() {
        byte[] body = {(byte) 0xff, 0, 1, (byte) 0xc3, 0x28};
        String id = UUID.randomUUID().toString();
        store.insert(letter(id, "erp", "client_error", body), T0);
        assertThat(store.find(id).orElseThrow().content().body()).isEqualTo(body);
    }

    private List<String> ids(DeadLetterStore.Filter filter) {
        return store.list(filter, null, 10, false).stream()
                .map(DeadLetterStore.Letter::id)
                .toList();
    }

    private static DeadLetterStore.Filter all() {
        return new DeadLetterStore.Filter(null, null, null, null, null);
    }

    private String insert(String adapter, String errorType, Instant at) {
        String id = UUID.randomUUID().toString();
        store.insert(letter(id, adapter, errorType, "{}".getBytes(StandardCharsets.UTF_8)), at);
        return id;
    }

    private static DeadLetterStore.DeadLetter letter(String id, String adapter, String errorType, byte[] body) {
        return new DeadLetterStore.DeadLetter(
                id,
                adapter,
                "adapter-" + adapter + "-call",
                adapter + "-step",
                "evt-" + id,
                "evt-" + id + ":" + adapter + "-step",
                "corr-" + id,
                body,
                "{\"event-id\":\"evt-" + id + "\"}",
                errorType,
                "failed",
                3,
                T0,
                T0);
    }
}

package com.acme.hub.platform.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The step ledger over the real PostgreSQL, through the sales adapter's step (WireMock plays the sales system) and
 * through ledgers of other "replicas" (instances with owners of their own on the same database). Time is the
 * database's: leases are set into the past or future by SQL instead of waiting for them.
 */
class StepLedgerIT extends ReplicaTestSupport {

    @Autowired
    StepLedger ledger;

    @Test
    void aDoneStepIsNotCalledAgainAfterARestartLongAfterAnyLease() {
        String event = "evt_" + UUID.randomUUID();
        intake(event);
        assertThat(calls()).isEqualTo(1);
        assertThat(state(event + ":" + STEP)).isEqualTo("done");

        // A day later (far past any lease, well within the retention), seen by a replica that has just started.
        jdbc.sql("UPDATE step_ledger SET updated_at = updated_at - INTERVAL '1' DAY WHERE step_key = :key")
                .param("key", event + ":" + STEP)
                .update();
        StepLedger restarted = replica(Duration.ofSeconds(5));
        assertThat(restarted.add(event + ":" + STEP)).isFalse();

        intake(event);
        assertThat(calls()).as("the redelivered event found the step done").isEqualTo(1);
    }

    @Test
    void aStepAnotherReplicaHoldsIsRetriedNotSkippedAndRunsOnceTheLeaseExpires() {
        String event = "evt_" + UUID.randomUUID();
        jdbc.sql("INSERT INTO step_ledger (step_key, state, owner, lease_until, updated_at) VALUES (:key, "
                        + "'in_progress', 'another-replica', CURRENT_TIMESTAMP + INTERVAL '2' SECOND, "
                        + "CURRENT_TIMESTAMP)")
                .param("key", event + ":" + STEP)
                .update();

        CompletableFuture<Object> step = producer.asyncRequestBodyAndHeaders(
                "direct:sales-order-intake", order(event), Map.of("event-id", event, "correlation-id", "c"));

        await().during(Duration.ofMillis(1200)).atMost(Duration.ofMillis(1500)).untilAsserted(() -> {
            assertThat(step).as("the step waits, it is not skipped").isNotDone();
            assertThat(calls()).isZero();
        });
        step.join();
        assertThat(calls()).as("once the lease expired the step ran here").isEqualTo(1);
        assertThat(state(event + ":" + STEP)).isEqualTo("done");
        assertThat(jdbc.sql("SELECT count(*) FROM dead_letter WHERE event_id = :event")
                        .param("event", event)
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    @Test
    void exactlyOneOfTwoReplicasTakesOverAnExpiredLease() throws Exception {
        StepLedger first = replica(Duration.ofSeconds(30));
        StepLedger second = replica(Duration.ofSeconds(30));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                String key = "evt_" + UUID.randomUUID() + ":" + STEP;
                jdbc.sql("INSERT INTO step_ledger (step_key, state, owner, lease_until, updated_at) VALUES (:key, "
                                + "'in_progress', 'crashed-replica', CURRENT_TIMESTAMP - INTERVAL '1' SECOND, "
                                + "CURRENT_TIMESTAMP)")
                        .param("key", key)
                        .update();
                CyclicBarrier together = new CyclicBarrier(2);
                Future<Boolean> a = pool.submit(() -> take(first, key, together));
                Future<Boolean> b = pool.submit(() -> take(second, key, together));

                assertThat(List.of(a.get(), b.get())).containsExactlyInAnyOrder(true, false);
                String winner = a.get() ? first.owner() : second.owner();
                assertThat(owner(key)).isEqualTo(winner);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoReplicasAddingTheSameNewKeyAtOnceFailNeitherEvent() throws Exception {
        StepLedger first = replica(Duration.ofSeconds(30));
        StepLedger second = replica(Duration.ofSeconds(30));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                String key = "evt_" + UUID.randomUUID() + ":" + STEP;
                CyclicBarrier together = new CyclicBarrier(2);
                Future<Boolean> a = pool.submit(() -> take(first, key, together));
                Future<Boolean> b = pool.submit(() -> take(second, key, together));
                assertThat(List.of(a.get(), b.get())).containsExactlyInAnyOrder(true, false);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void renewalExtendsOnlyThisReplicasStepsInProgress() {
        StepLedger replica = replica(Duration.ofMinutes(10));
        String running = "evt_" + UUID.randomUUID() + ":" + STEP;
        String finished = "evt_" + UUID.randomUUID() + ":" + STEP;
        String others = "evt_" + UUID.randomUUID() + ":" + STEP;
        assertThat(replica.add(running)).isTrue();
        assertThat(replica.add(finished)).isTrue();
        assertThat(replica.confirm(finished)).isTrue();
        assertThat(replica(Duration.ofMinutes(1)).add(others)).isTrue();
        jdbc.sql("UPDATE step_ledger SET lease_until = CURRENT_TIMESTAMP WHERE step_key = :key")
                .param("key", running)
                .update();
        Map<String, Object> finishedBefore = row(finished);
        Map<String, Object> othersBefore = row(others);

        assertThat(replica.renew()).isEqualTo(1);

        assertThat(jdbc.sql("SELECT lease_until > CURRENT_TIMESTAMP + INTERVAL '9' MINUTE FROM step_ledger "
                                + "WHERE step_key = :key")
                        .param("key", running)
                        .query(Boolean.class)
                        .single())
                .as("renewed for another lease")
                .isTrue();
        assertThat(row(finished)).isEqualTo(finishedBefore);
        assertThat(row(others)).isEqualTo(othersBefore);
        replica.confirm(running);
        assertThat(replica.renew())
                .as("nothing left in progress, nothing renewed")
                .isZero();
    }

    @Test
    void purgeDeletesOnlyDoneStepsPastTheRetentionInBatches() {
        String run = UUID.randomUUID().toString();
        for (int i = 0; i < 25; i++) {
            insert(run + ":old-done-" + i, "done", 31);
        }
        for (int i = 0; i < 3; i++) {
            insert(run + ":recent-done-" + i, "done", 29);
        }
        for (int i = 0; i < 2; i++) {
            insert(run + ":old-in-progress-" + i, "in_progress", 31);
        }

        assertThat(ledger.purge(Duration.ofDays(30), 10)).isGreaterThanOrEqualTo(25);

        assertThat(count(run + ":old-done-%")).isZero();
        assertThat(count(run + ":recent-done-%")).isEqualTo(3);
        assertThat(count(run + ":old-in-progress-%")).isEqualTo(2);
    }

    @Test
    void aReleasedStepRunsAgainButAnotherReplicasLeaseIsNotReleased() {
        StepLedger replica = replica(Duration.ofSeconds(30));
        String key = "evt_" + UUID.randomUUID() + ":" + STEP;
        assertThat(replica.add(key)).isTrue();
        assertThat(ledger.remove(key)).as("not this replica's lease").isFalse();
        assertThatThrownBy(() -> ledger.add(key)).isInstanceOf(StepLedger.StepInProgress.class);
        assertThat(replica.remove(key)).isTrue();
        assertThat(ledger.add(key)).isTrue();
    }

    private static boolean take(StepLedger ledger, String key, CyclicBarrier together) throws Exception {
        together.await();
        try {
            return ledger.add(key);
        } catch (StepLedger.StepInProgress taken) {
            return false;
        }
    }

    private StepLedger replica(Duration lease) {
        return new StepLedger(jdbc, "replica-" + UUID.randomUUID(), lease);
    }

    private void insert(String key, String state, int daysAgo) {
        jdbc.sql("INSERT INTO step_ledger (step_key, state, owner, lease_until, updated_at) VALUES (:key, :state, "
                        + "NULL, NULL, CURRENT_TIMESTAMP - CAST(:days AS INTEGER) * INTERVAL '1' DAY)")
                .param("key", key)
                .param("state", state)
                .param("days", daysAgo)
                .update();
    }

    private int count(String pattern) {
        return jdbc.sql("SELECT count(*) FROM step_ledger WHERE step_key LIKE :pattern")
                .param("pattern", pattern)
                .query(Integer.class)
                .single();
    }

    private Map<String, Object> row(String key) {
        return jdbc.sql("SELECT * FROM step_ledger WHERE step_key = :key")
                .param("key", key)
                .query()
                .singleRow();
    }

    private String state(String key) {
        return (String) row(key).get("state");
    }

    private String owner(String key) {
        return (String) row(key).get("owner");
    }
}

package com.acme.hub.replicas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three hubs as separate JVMs on one Kafka broker process, one database and one RabbitMQ, with orders flowing while
 * parts fail: the same webhook at every replica, the Kafka broker killed, the database and RabbitMQ connections cut,
 * a replica killed mid-step. After each: every acknowledged order completes, each step's effect happens once, the
 * external systems are not asked again for steps that had finished, and the hubs are ready again by themselves.
 * The counts are the sandbox's: its {@code requests} show a repeated call that its per-key {@code effects} hide.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicasUnderFailureIT extends ReplicaTestSupport {

    private static final Duration COMPLETION = Duration.ofMinutes(3);
    private static final int RATE = 4;

    @BeforeAll
    static void threeReplicas() {
        startReplicas(3, UNTHROTTLED);
    }

    @BeforeEach
    void quietSandbox() {
        env.awaitQuiet();
        env.resetSandbox();
    }

    @Test
    @Order(1)
    void eachWebhookIsAcceptedOnceAndBookedOnceWhenEveryReplicaGetsItAtOnce() {
        int ids = 100;
        List<SalesOrder> orders =
                IntStream.range(0, ids).mapToObj(i -> SalesOrder.next()).toList();
        Map<SalesOrder, List<SalesOrder.Answer>> answers = new LinkedHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(30);
        try {
            // Ten ids at a time, each id's three posts released together by a barrier.
            for (int start = 0; start < ids; start += 10) {
                List<CompletableFuture<Void>> batch = new ArrayList<>();
                for (SalesOrder order : orders.subList(start, start + 10)) {
                    CyclicBarrier together = new CyclicBarrier(replicas.size());
                    List<SalesOrder.Answer> forOrder = Collections.synchronizedList(new ArrayList<>());
                    answers.put(order, forOrder);
                    for (HubProcess replica : replicas) {
                        batch.add(CompletableFuture.runAsync(
                                () -> {
                                    awaitBarrier(together);
                                    forOrder.add(order.post(replica));
                                },
                                pool));
                    }
                }
                CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new)).join();
            }
        } finally {
            pool.shutdownNow();
        }

        answers.forEach((order, forOrder) -> assertThat(
                        forOrder.stream().map(SalesOrder.Answer::status).toList())
                .as("answers to %s: %s", order.eventId(), forOrder)
                .hasSize(3)
                .containsOnlyOnce(202)
                .allMatch(status -> status == 202 || status == 200 || status == 409));
        Map<String, Long> records = env.recordsByKey("hub.inbound.sales");
        for (SalesOrder order : orders) {
            assertThat(records.getOrDefault(order.eventId(), 0L))
                    .as("Kafka records of %s", order.eventId())
                    .isEqualTo(1);
        }
        awaitCompleted(orders, COMPLETION);
        assertOneEffectEach(orders);
        assertRequests(orders, 0);
    }

    @Test
    @Order(2)
    void nothingAcknowledgedIsLostOrDoubledWhenTheKafkaBrokerIsKilledAndRestarted() {
        List<SalesOrder> orders =
                underLoad(() -> env.kafka().kill(), () -> env.kafka().start());

        awaitCompleted(orders, COMPLETION);
        assertOneEffectEach(orders);
        assertRequests(orders, 0);
    }

    @Test
    @Order(3)
    void nothingAcknowledgedIsLostOrDoubledWhenTheDatabaseConnectionIsCut() {
        List<SalesOrder> orders =
                underLoad(() -> env.database().cut(), () -> env.database().open());

        awaitCompleted(orders, COMPLETION);
        assertOneEffectEach(orders);
        // A step whose call went out just before the cut cannot be marked done: it is called again, once.
        assertRequests(orders, replicas.size());
    }

    @Test
    @Order(4)
    void nothingAcknowledgedIsLostOrDoubledWhenTheRabbitMqConnectionIsCut() {
        List<SalesOrder> orders =
                underLoad(() -> env.rabbit().cut(), () -> env.rabbit().open());

        awaitCompleted(orders, COMPLETION);
        assertOneEffectEach(orders);
        assertRequests(orders, replicas.size());
    }

    @Test
    @Order(5)
    void everyAcknowledgedOrderCompletesOnceWhenAReplicaIsKilledMidStep() {
        // Each envelope takes the provider 1.5 s: a replica spends most of its time inside that step.
        env.fault("esign", "{\"latencyMs\":1500}");
        HubProcess victim = replicas.get(2);
        List<SalesOrder> orders;
        try (Load load = Load.start(replicas, RATE)) {
            await("12 orders acknowledged and " + victim + " inside esign-create-envelope")
                    .atMost(COMPLETION)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> load.acknowledgedCount() >= 12 && victim.inFlight("esign-create-envelope"));
            victim.kill();
            awaitMore(load::attempts, 4 * RATE);
            orders = load.stop();
        }
        env.clearFault("esign");
        victim.start().awaitReady(ReplicaEnvironment.START_TIMEOUT);

        awaitCompleted(orders, COMPLETION);
        assertOneEffectEach(orders);
        // The steps the dead replica was inside may be called once more (same key); none that had finished.
        assertRequests(orders, 1);
        assertThat(env.count("SELECT count(*) FROM dead_letter WHERE status = 'pending'"))
                .as("dead letters of orders that completed")
                .isZero();
    }

    /**
     * Posts orders at a steady rate; after 8 are acknowledged, {@code fail}s for about three seconds of posts, then
     * {@code recover}s and goes on until 8 more are acknowledged. Answers the orders acknowledged (202); the hubs
     * must then be ready again without help.
     */
    private static List<SalesOrder> underLoad(Runnable fail, Runnable recover) {
        List<SalesOrder> orders;
        try (Load load = Load.start(replicas, RATE)) {
            awaitMore(load::acknowledgedCount, 8);
            fail.run();
            awaitMore(load::attempts, 3 * RATE);
            recover.run();
            awaitMore(load::acknowledgedCount, 8);
            orders = load.stop();
        }
        replicas.forEach(replica -> await(replica + " ready again")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500))
                .until(replica::ready));
        return orders;
    }

    private static void awaitMore(IntSupplier counter, int more) {
        int target = counter.getAsInt() + more;
        await().atMost(COMPLETION).pollInterval(Duration.ofMillis(100)).until(() -> counter.getAsInt() >= target);
    }

    /**
     * What each system was asked: one call per step and order, plus at most one per step that a disruption caught
     * in the middle ({@code interruptedPerReplica} for each replica: a replica is inside at most one step of each
     * flow), plus the e-signature provider's OAuth token, fetched once by each hub process.
     */
    private static void assertRequests(List<SalesOrder> orders, int interruptedPerReplica) {
        long n = orders.size();
        long interrupted = (long) interruptedPerReplica * replicas.size();
        long tokens = replicas.stream().mapToLong(HubProcess::starts).sum();
        assertThat(env.ledger("erp").requests())
                .as("ERP requests for %s orders (booking and contract)", n)
                .isBetween(2 * n, 2 * n + 2 * interrupted);
        assertThat(env.ledger("sales").requests())
                .as("sales requests for %s orders", n)
                .isBetween(n, n + interrupted);
        assertThat(env.ledger("esign").requests())
                .as("e-signature requests for %s orders (and tokens)", n)
                .isBetween(n, n + interrupted + tokens);
    }

    private static void awaitBarrier(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

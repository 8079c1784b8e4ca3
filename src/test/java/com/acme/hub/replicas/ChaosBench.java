package com.acme.hub.replicas;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;

/**
 * bench/chaos.sh: the replica tests' failures at a larger scale, measured instead of asserted. Three replicas take
 * orders at a steady rate while one scenario at a time strikes; a table row per scenario.
 *
 * <p>Arguments: {@code orders-per-phase} (before, during and after each failure; default 40), {@code rate} (orders a
 * second; default 5), {@code patience} (seconds to wait for completion; default 300).
 */
public final class ChaosBench {

    private static final String ROW = "%-22s %12s %10s %16s %17s %6s %18s%n";

    private ChaosBench() {}

    public static void main(String[] args) {
        int perPhase = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Duration patience = Duration.ofSeconds(args.length > 2 ? Long.parseLong(args[2]) : 300);
        List<HubProcess> replicas = ReplicaTestSupport.startReplicas(3, ReplicaTestSupport.UNTHROTTLED);
        ReplicaEnvironment env = ReplicaTestSupport.env;
        List<String> rows = new ArrayList<>();
        try {
            HubProcess victim = replicas.get(2);
            rows.add(scenario(
                    "kill -9 replica",
                    env,
                    replicas,
                    perPhase,
                    rate,
                    patience,
                    () -> {
                        env.fault("esign", "{\"latencyMs\":1500}");
                        victim.kill();
                    },
                    () -> {
                        env.clearFault("esign");
                        victim.start().awaitReady(ReplicaEnvironment.START_TIMEOUT);
                    }));
            rows.add(scenario(
                    "kill -9 Kafka broker",
                    env,
                    replicas,
                    perPhase,
                    rate,
                    patience,
                    env.kafka()::kill,
                    env.kafka()::start));
            rows.add(scenario(
                    "cut PostgreSQL",
                    env,
                    replicas,
                    perPhase,
                    rate,
                    patience,
                    env.database()::cut,
                    env.database()::open));
            rows.add(scenario(
                    "cut RabbitMQ", env, replicas, perPhase, rate, patience, env.rabbit()::cut, env.rabbit()::open));
        } finally {
            System.out.printf(
                    ROW,
                    "scenario",
                    "acknowledged",
                    "completed",
                    "doubled effects",
                    "doubled requests",
                    "lost",
                    "time to recover s");
            rows.forEach(System.out::print);
            env.stopReplicas(replicas);
        }
        System.exit(0);
    }

    /**
     * Orders at {@code rate}: {@code perPhase} attempts before the failure, as many during it, then {@code recover}
     * and as many after. Time to recover: from the end of the failure until every order acknowledged up to then has
     * completed.
     */
    private static String scenario(
            String name,
            ReplicaEnvironment env,
            List<HubProcess> replicas,
            int perPhase,
            int rate,
            Duration patience,
            Runnable fail,
            Runnable recover) {
        env.resetSandbox();
        long startsBefore = replicas.stream().mapToLong(HubProcess::starts).sum();
        List<SalesOrder> orders;
        List<SalesOrder> beforeRecovery;
        long recoveredAt;
        try (Load load = Load.start(replicas, rate)) {
            awaitMore(load::attempts, perPhase);
            fail.run();
            awaitMore(load::attempts, perPhase);
            recover.run();
            recoveredAt = System.nanoTime();
            beforeRecovery = load.acknowledged();
            awaitMore(load::attempts, perPhase);
            orders = load.stop();
        }
        String recovery;
        try {
            ReplicaTestSupport.awaitCompleted(beforeRecovery, patience);
            recovery = String.format("%.1f", (System.nanoTime() - recoveredAt) / 1e9);
        } catch (ConditionTimeoutException e) {
            recovery = "> " + patience.toSeconds();
        }
        try {
            ReplicaTestSupport.awaitCompleted(orders, patience);
        } catch (ConditionTimeoutException e) {
            // counted as lost below
        }
        int lost = ReplicaTestSupport.missing(orders).size();
        Map<String, Ledger> ledgers =
                Map.of("erp", env.ledger("erp"), "esign", env.ledger("esign"), "sales", env.ledger("sales"));
        long doubledEffects = doubled(ledgers.values());
        // The e-signature provider's OAuth token: at most one call per running process and restart, not a step.
        long tokens = replicas.size()
                + replicas.stream().mapToLong(HubProcess::starts).sum()
                - startsBefore;
        long doubledRequests = ledgers.get("erp").requests()
                - ledgers.get("erp").effects().size()
                + ledgers.get("sales").requests()
                - ledgers.get("sales").effects().size()
                + Math.max(
                        0,
                        ledgers.get("esign").requests() - ledgers.get("esign").count("envelope.create") - tokens);
        return String.format(
                ROW, name, orders.size(), orders.size() - lost, doubledEffects, doubledRequests, lost, recovery);
    }

    /** Effects beyond the first of one operation for one order (a second booking under another key). */
    private static long doubled(Collection<Ledger> ledgers) {
        long doubled = 0;
        for (Ledger ledger : ledgers) {
            Map<String, Long> perOperationAndOrder = new HashMap<>(ledger.effects().stream()
                    .collect(Collectors.groupingBy(e -> e.operation() + "/" + e.reference(), Collectors.counting())));
            doubled +=
                    perOperationAndOrder.values().stream().mapToLong(n -> n - 1).sum();
        }
        return doubled;
    }

    private static void awaitMore(IntSupplier counter, int more) {
        int target = counter.getAsInt() + more;
        await().atMost(Duration.ofMinutes(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> counter.getAsInt() >= target);
    }
}

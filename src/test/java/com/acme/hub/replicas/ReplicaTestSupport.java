package com.acme.hub.replicas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;

/** Starting replicas over the shared {@link ReplicaEnvironment}, and what every replica test asserts. */
abstract class ReplicaTestSupport {

    /** The ERP is not what these tests throttle, except where one says so. */
    static final String[] UNTHROTTLED = {
        "--hub.adapters.erp.rate-limit.per-second=500", "--hub.adapters.erp.rate-limit.burst=500"
    };

    static ReplicaEnvironment env;
    static final List<HubProcess> replicas = new ArrayList<>();

    /** Starts {@code count} replicas afresh (see {@link ReplicaEnvironment#freshStart()}) and waits until ready. */
    static List<HubProcess> startReplicas(int count, String... settings) {
        env = ReplicaEnvironment.get();
        env.freshStart();
        replicas.clear();
        for (int i = 1; i <= count; i++) {
            replicas.add(env.replica("replica-" + i, settings).start());
        }
        replicas.forEach(hub -> hub.awaitReady(ReplicaEnvironment.START_TIMEOUT));
        return List.copyOf(replicas);
    }

    @AfterAll
    static void stopReplicas() {
        if (env != null) {
            env.stopReplicas(replicas);
        }
    }

    /** Waits until every order went the whole way: booked, envelope signed, contract filed, status set. */
    static void awaitCompleted(Collection<SalesOrder> orders, Duration atMost) {
        await("all " + orders.size() + " orders completed")
                .atMost(atMost)
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(missing(orders)).isEmpty());
    }

    /** The orders that lack one of the five effects, each with what it lacks. */
    static Map<String, List<String>> missing(Collection<SalesOrder> orders) {
        Map<String, Map<String, Long>> done = effectsPerOperation();
        return orders.stream()
                .collect(Collectors.toMap(SalesOrder::orderId, order -> lacking(done, order)))
                .entrySet()
                .stream()
                .filter(entry -> !entry.getValue().isEmpty())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** Every order has exactly one effect of each kind in each system. */
    static void assertOneEffectEach(Collection<SalesOrder> orders) {
        Map<String, Map<String, Long>> done = effectsPerOperation();
        for (String[] effect : SalesOrder.EFFECTS) {
            Map<String, Long> perOrder = done.get(effect[0] + "/" + effect[1]);
            for (SalesOrder order : orders) {
                assertThat(perOrder.getOrDefault(order.orderId(), 0L))
                        .as("%s effects of order %s", effect[1], order.orderId())
                        .isEqualTo(1);
            }
        }
    }

    private static List<String> lacking(Map<String, Map<String, Long>> done, SalesOrder order) {
        List<String> lacking = new ArrayList<>();
        for (String[] effect : SalesOrder.EFFECTS) {
            if (!done.get(effect[0] + "/" + effect[1]).containsKey(order.orderId())) {
                lacking.add(effect[1]);
            }
        }
        return lacking;
    }

    private static Map<String, Map<String, Long>> effectsPerOperation() {
        Map<String, Ledger> ledgers =
                Map.of("erp", env.ledger("erp"), "esign", env.ledger("esign"), "sales", env.ledger("sales"));
        Map<String, Map<String, Long>> done = new java.util.HashMap<>();
        for (String[] effect : SalesOrder.EFFECTS) {
            done.put(effect[0] + "/" + effect[1], ledgers.get(effect[0]).perOrder(effect[1]));
        }
        return done;
    }
}

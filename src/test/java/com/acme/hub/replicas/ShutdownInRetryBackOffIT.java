package com.acme.hub.replicas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM to a hub whose flow waits out a retry back-off (issue 16, part 4): the hub exits within a Kubernetes pod's
 * 30 s grace period, and the step it gave up on is not lost: the next hub reads the event again from Kafka and
 * finishes the order, each step's effect once.
 */
class ShutdownInRetryBackOffIT extends ReplicaTestSupport {

    /** What Kubernetes waits after SIGTERM before it sends SIGKILL. */
    private static final Duration GRACE_PERIOD = Duration.ofSeconds(30);

    /** The sales system's flow step: the last of the order, in esign-envelope-completed. */
    private static final String FLOW = "esign-envelope-completed";

    @BeforeAll
    static void oneReplica() {
        startReplicas(
                1,
                UNTHROTTLED[0],
                UNTHROTTLED[1],
                // A back-off far longer than the shutdown allows, and a circuit that stays closed, so the step is
                // still retrying (in flight) when the signal arrives instead of pausing the consumer.
                "--hub.adapters.sales.retry.max-attempts=50",
                "--hub.adapters.sales.retry.initial-delay=60s",
                "--hub.adapters.sales.retry.multiplier=1",
                "--hub.adapters.sales.retry.max-delay=60s",
                "--hub.adapters.sales.circuit-breaker.failure-threshold=1000");
    }

    @Test
    void aHubInRetryBackOffExitsWithinTheGracePeriodAndTheNextHubFinishesTheOrder() {
        HubProcess hub = replicas.get(0);
        env.fault("sales", "{\"errorRate\":1,\"status\":503}");
        SalesOrder order = SalesOrder.next();
        assertThat(order.postTo(hub)).isEqualTo(202);

        await("the sales step failed and waits out its back-off")
                .atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> env.ledger("sales").requests() >= 1 && hub.inFlight(FLOW));
        assertThat(missing(List.of(order)).get(order.orderId()))
                .as("only the sales status is missing")
                .containsExactly("order.status");

        assertThat(hub.terminate(GRACE_PERIOD))
                .as("the hub exited within %s of SIGTERM (see %s)", GRACE_PERIOD, hub.log())
                .isTrue();

        env.clearFault("sales");
        hub.start().awaitReady(ReplicaEnvironment.START_TIMEOUT);

        awaitCompleted(List.of(order), Duration.ofMinutes(3));
        await("the flows read everything")
                .atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> env.flowLag() == 0);
        assertOneEffectEach(List.of(order));
    }
}

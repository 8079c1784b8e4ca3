package com.acme.hub.replicas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An operator reprocesses history after a restart (kafka-consumer-groups --reset-offsets): the steps that were done
 * before the restart stay done, however long the hubs were down, so no external system is called again.
 */
class RestartThenReprocessIT extends ReplicaTestSupport {

    @BeforeAll
    static void twoReplicas() {
        startReplicas(2, UNTHROTTLED);
    }

    @Test
    void reprocessingHistoryAfterARestartLongerThanAnyLeaseCallsNoSystemAgain() {
        Map<TopicPartition, Long> before = env.endOffsets();
        List<SalesOrder> orders =
                IntStream.range(0, 20).mapToObj(i -> SalesOrder.next()).toList();
        for (int i = 0; i < orders.size(); i++) {
            assertThat(orders.get(i).postTo(replicas.get(i % replicas.size()))).isEqualTo(202);
        }
        awaitCompleted(orders, Duration.ofMinutes(3));
        Map<String, Long> requests = requests();

        replicas.forEach(HubProcess::stop);
        Instant stopped = env.databaseNow();
        env.moveFlowGroups(before);
        await("the database's clock past every lease the stopped hubs held")
                .atMost(Lease.LENGTH.plusMinutes(2))
                .pollInterval(Duration.ofSeconds(1))
                .until(() ->
                        env.databaseNow().isAfter(stopped.plus(Lease.LENGTH).plusSeconds(5)));
        replicas.forEach(HubProcess::start);
        replicas.forEach(hub -> hub.awaitReady(ReplicaEnvironment.START_TIMEOUT));

        await("the flows reprocessed the topics from before the orders")
                .atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> env.flowLag() == 0);
        await("no new requests at any system")
                .during(Duration.ofSeconds(10))
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(requests()).isEqualTo(requests));
        assertOneEffectEach(orders);
    }

    private static Map<String, Long> requests() {
        return Map.of(
                "erp", env.ledger("erp").requests(),
                "esign", env.ledger("esign").requests(),
                "sales", env.ledger("sales").requests());
    }
}

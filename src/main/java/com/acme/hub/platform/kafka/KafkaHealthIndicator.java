package com.acme.hub.platform.kafka;

import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/** Kafka is up when the cluster answers a metadata request within the timeout; part of readiness. */
@Component("kafka")
class KafkaHealthIndicator implements HealthIndicator {

    private static final int TIMEOUT_MS = 2000;

    private final Admin admin;

    KafkaHealthIndicator(Admin admin) {
        this.admin = admin;
    }

    @Override
    public Health health() {
        long start = System.nanoTime();
        try {
            int nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS))
                    .nodes()
                    .get(TIMEOUT_MS + 500L, TimeUnit.MILLISECONDS)
                    .size();
            return Health.up()
                    .withDetail("nodes", nodes)
                    .withDetail("latency_ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                    .build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down().withDetail("reason", "interrupted").build();
        } catch (Exception e) {
            return Health.down()
                    .withDetail("reason", "cluster did not answer within " + TIMEOUT_MS + " ms")
                    .build();
        }
    }
}

package com.acme.hub.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code hub_flow_consumer_lag{flow}}: events on Kafka that a flow has not yet consumed (end offsets minus the
 * flow's committed offsets, over all its partitions). A flow's consumer group is its route id, so only groups named
 * after a route are reported: the label stays a bounded set. Measured from the broker every 15 s on a thread of its
 * own, so a slow broker never slows a scrape; the same figure on every replica, as the group is shared.
 */
class FlowConsumerLag {

    private static final Logger LOG = LoggerFactory.getLogger(FlowConsumerLag.class);
    private static final Duration EVERY = Duration.ofSeconds(15);
    private static final long TIMEOUT_SECONDS = 5;

    private final Admin admin;
    private final CamelContext camel;
    private final MultiGauge gauge;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "hub-consumer-lag");
        thread.setDaemon(true);
        return thread;
    });

    FlowConsumerLag(Admin admin, CamelContext camel, MeterRegistry registry) {
        this.admin = admin;
        this.camel = camel;
        this.gauge = MultiGauge.builder("hub.flow.consumer.lag")
                .description("Events on Kafka a flow has not consumed yet")
                .register(registry);
    }

    @PostConstruct
    void start() {
        scheduler.scheduleWithFixedDelay(this::measure, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        scheduler.shutdownNow();
    }

    void measure() {
        try {
            Set<String> routes =
                    camel.getRoutes().stream().map(Route::getRouteId).collect(Collectors.toSet());
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            for (ConsumerGroupListing group : admin.listConsumerGroups().all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                if (routes.contains(group.groupId())) {
                    rows.add(MultiGauge.Row.of(Tags.of("flow", group.groupId()), lag(group.groupId())));
                }
            }
            gauge.register(rows, true);
        } catch (Exception e) {
            // The last figures stay; the broker's health is reported by the readiness check, not here.
            LOG.debug("Consumer lag not measured: {}", e.getMessage());
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private long lag(String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        committed.keySet().forEach(partition -> latest.put(partition, OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                admin.listOffsets(latest).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        long lag = 0;
        for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : committed.entrySet()) {
            if (entry.getValue() != null && ends.containsKey(entry.getKey())) {
                lag += Math.max(
                        0, ends.get(entry.getKey()).offset() - entry.getValue().offset());
            }
        }
        return lag;
    }
}

package com.acme.hub.event;

import com.acme.hub.platform.kafka.KafkaBootstrap;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.springframework.stereotype.Component;

/**
 * Reads one event's body back from Kafka, where the ingress stored it (topic, partition, offset of the receipt): the
 * hub keeps no second copy in the database. A consumer per read, with no group: a detail view is rare, and a shared
 * consumer would serialise the reads behind one lock.
 */
@Component
class EventBodies {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final KafkaBootstrap kafka;

    EventBodies(KafkaBootstrap kafka) {
        this.kafka = kafka;
    }

    /** The record's value, or empty when Kafka no longer holds that offset (past the topic's retention). */
    Optional<byte[]> read(String topic, int partition, long offset) {
        TopicPartition where = new TopicPartition(topic, partition);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.servers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                1,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class))) {
            consumer.assign(List.of(where));
            long first = consumer.beginningOffsets(List.of(where), WAIT).get(where);
            long end = consumer.endOffsets(List.of(where), WAIT).get(where);
            if (offset < first || offset >= end) {
                return Optional.empty();
            }
            consumer.seek(where, offset);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() == offset) {
                        return Optional.ofNullable(record.value());
                    }
                    if (record.offset() > offset) {
                        // Compacted or transaction marker: the event is not there.
                        return Optional.empty();
                    }
                }
            }
            throw new IllegalStateException("Kafka did not return the record in time");
        }
    }
}

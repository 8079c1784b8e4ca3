package com.acme.hub.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a whole topic from the beginning to its end offsets, with a plain Kafka consumer. A read that does not reach
 * the end offsets in time fails instead of answering with what it had: otherwise "nothing was published" would
 * pass whenever the broker was slow or unreachable.
 */
public final class KafkaTopics {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private KafkaTopics() {}

    public static List<ConsumerRecord<String, byte[]>> readAll(String servers, String topic) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                servers,
                ConsumerConfig.GROUP_ID_CONFIG,
                "it-reader-" + UUID.randomUUID(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                // Reading must not create the topic it looks at: a topic that does not exist holds nothing.
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG,
                false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, PATIENCE).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, PATIENCE);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p, PATIENCE) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("read " + records.size() + " records of " + topic + " but not up to its"
                            + " end offsets " + end + " within " + PATIENCE);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    public static List<ConsumerRecord<String, byte[]>> withKey(String servers, String topic, String key) {
        return readAll(servers, topic).stream().filter(r -> key.equals(r.key())).toList();
    }
}

package com.acme.hub.event;

import com.acme.hub.platform.HubProperties;
import com.acme.hub.platform.flow.FlowInput;
import com.acme.hub.platform.kafka.KafkaBootstrap;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.util.URISupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Replays of history: a job that reads a source's topic over a time range (Kafka's offsets-for-times) and hands each
 * event of the wanted types to the named flows, as the flows' own consumer would: the event's headers and raw body,
 * through the flow's route and so through its adapter steps, with their step ledger (done steps are skipped), rate
 * limits and circuit breakers. Progress is each partition's next offset, saved as the job's checkpoint: a replica
 * that takes the job over resumes there, and the few events it sees again are skipped by the ledger.
 */
@Component
class EventReplay implements JobHandler {

    static final String KIND = "event-replay";
    /** Exchange property on every replayed event: the job it belongs to. */
    static final String JOB = "hubReplayJob";

    private static final Logger LOG = LoggerFactory.getLogger(EventReplay.class);
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int CHECKPOINT_EVERY = 100;
    private static final Duration CHECKPOINT_AFTER = Duration.ofSeconds(1);

    /** Where one partition's replay is: the next offset to hand on, and the first one past the range. */
    record Position(long next, long end) {}

    private final KafkaBootstrap kafka;
    private final CamelContext camel;
    private final FlowInput flowInput;
    private final HubProperties properties;
    private final Jobs jobs;
    private final Clock clock;

    EventReplay(
            KafkaBootstrap kafka,
            CamelContext camel,
            FlowInput flowInput,
            HubProperties properties,
            @org.springframework.context.annotation.Lazy Jobs jobs,
            Clock clock) {
        this.kafka = kafka;
        this.camel = camel;
        this.flowInput = flowInput;
        this.properties = properties;
        this.jobs = jobs;
        this.clock = clock;
    }

    @Override
    public String kind() {
        return KIND;
    }

    /**
     * Checks the request and starts its job.
     *
     * @throws EventApiException 400 for an unknown source or flow, a range older than Kafka still holds, or one
     *     that ends before it starts; 409 when a running replay of one of the flows overlaps the range
     */
    Job start(ReplayRequest asked, String actor) {
        Instant until = asked.until() == null ? clock.instant() : asked.until();
        ReplayRequest request = new ReplayRequest(
                asked.source(), asked.since(), until, asked.types() == null ? List.of() : asked.types(), asked.flows());
        if (!request.until().isAfter(request.since())) {
            throw EventApiException.invalid("until", "must be after since");
        }
        String topic = topic(request.source());
        for (String flow : request.flows()) {
            Route route = camel.getRoute(flow);
            if (route == null) {
                throw new EventApiException(
                        400, "UNKNOWN_FLOW", "No flow with that route id runs in this hub", Map.of("flow", flow));
            }
            if (!request.source().equals(sourceOf(route))) {
                throw new EventApiException(
                        400,
                        "FLOW_NOT_OF_SOURCE",
                        "That flow does not read this source's events",
                        Map.of("flow", flow, "source", request.source()));
            }
        }
        oldestAvailable(topic).ifPresent(oldest -> {
            if (request.since().isBefore(oldest)) {
                throw new EventApiException(
                        400,
                        "BEFORE_RETENTION",
                        "Kafka no longer holds events that old; replay from the oldest available time on",
                        Map.of("field", "since", "oldestAvailable", oldest.toString()));
            }
        });
        try {
            return jobs.submit(KIND, tenant(request.source()), actor, request, running -> jobs.request(
                            running, ReplayRequest.class)
                    .overlaps(request));
        } catch (JobConflictException e) {
            throw new EventApiException(
                    409,
                    "REPLAY_IN_PROGRESS",
                    "A replay of one of these flows over an overlapping range is running",
                    Map.of("jobId", e.running().id()));
        }
    }

    @Override
    public void run(JobExecution execution) throws Exception {
        ReplayRequest request = execution.request(ReplayRequest.class);
        String topic = topic(request.source());
        List<Route> flows = request.flows().stream().map(camel::getRoute).toList();
        if (flows.contains(null)) {
            throw new IllegalStateException("a flow of this replay does not run on this replica");
        }
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            Map<Integer, Position> positions = positions(execution.progress());
            if (positions == null) {
                positions = plan(consumer, topic, request);
                execution.total(positions.values().stream()
                        .mapToLong(p -> p.end() - p.next())
                        .sum());
                if (!execution.checkpoint(positions, 0, 0)) {
                    return;
                }
            }
            replay(execution, consumer, topic, request, flows, positions);
        }
    }

    private void replay(
            JobExecution execution,
            KafkaConsumer<String, byte[]> consumer,
            String topic,
            ReplayRequest request,
            List<Route> flows,
            Map<Integer, Position> positions)
            throws InterruptedException {
        Map<TopicPartition, Long> pending = new HashMap<>();
        positions.forEach((partition, position) -> {
            if (position.next() < position.end()) {
                pending.put(new TopicPartition(topic, partition), position.next());
            }
        });
        consumer.assign(pending.keySet());
        pending.forEach(consumer::seek);
        long done = execution.done();
        long failed = execution.failed();
        int sinceCheckpoint = 0;
        long checkpointAt = System.nanoTime();
        while (!pending.isEmpty()) {
            if (!execution.active()) {
                return;
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                Position position = positions.get(record.partition());
                if (record.offset() >= position.end()) {
                    pending.remove(new TopicPartition(topic, record.partition()));
                    consumer.pause(List.of(new TopicPartition(topic, record.partition())));
                    continue;
                }
                if (!execution.active()) {
                    return;
                }
                if (wanted(record, request)) {
                    boolean ok = true;
                    for (Route flow : flows) {
                        ok &= handOn(flow, record, execution.id());
                    }
                    if (ok) {
                        done++;
                    } else {
                        failed++;
                    }
                } else {
                    done++;
                }
                positions.put(record.partition(), new Position(record.offset() + 1, position.end()));
                if (record.offset() + 1 >= position.end()) {
                    pending.remove(new TopicPartition(topic, record.partition()));
                    consumer.pause(List.of(new TopicPartition(topic, record.partition())));
                }
                sinceCheckpoint++;
                if (sinceCheckpoint >= CHECKPOINT_EVERY
                        || System.nanoTime() - checkpointAt > CHECKPOINT_AFTER.toNanos()) {
                    if (!execution.checkpoint(positions, done, failed)) {
                        return;
                    }
                    sinceCheckpoint = 0;
                    checkpointAt = System.nanoTime();
                }
            }
            // A partition whose reader is past the range's end is done, even if its last offsets held no record.
            pending.keySet()
                    .removeIf(partition -> consumer.position(partition)
                            >= positions.get(partition.partition()).end());
            if (Thread.interrupted()) {
                throw new InterruptedException("replay stopped");
            }
        }
        execution.checkpoint(positions, done, failed);
    }

    /** True when the flows handled the event, dead-lettering included; false when it failed past their handling. */
    private boolean handOn(Route flow, ConsumerRecord<String, byte[]> record, String job) {
        Exchange exchange = flow.getEndpoint().createExchange();
        exchange.getExchangeExtension().setFromRouteId(flow.getRouteId());
        exchange.setProperty(JOB, job);
        Map<String, Object> headers = new HashMap<>();
        // As the hub-inbound-source Kamelet's consumer gives them: Kafka headers as text, and Kafka's own.
        for (Header header : record.headers()) {
            headers.put(
                    header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
        }
        headers.put(KafkaConstants.TOPIC, record.topic());
        headers.put(KafkaConstants.PARTITION, record.partition());
        headers.put(KafkaConstants.OFFSET, record.offset());
        headers.put(KafkaConstants.KEY, record.key());
        headers.put(KafkaConstants.TIMESTAMP, record.timestamp());
        exchange.getMessage().setHeaders(headers);
        exchange.getMessage().setBody(record.value());
        flowInput.keep(exchange);
        try {
            flow.getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        if (exchange.getException() != null) {
            LOG.warn(
                    "Replay {}: event {} failed in {}: {}",
                    job,
                    record.key(),
                    flow.getRouteId(),
                    exchange.getException().getMessage());
            return false;
        }
        return true;
    }

    private static boolean wanted(ConsumerRecord<String, byte[]> record, ReplayRequest request) {
        if (request.types().isEmpty()) {
            return true;
        }
        Header type = record.headers().lastHeader("event-type");
        return type != null && request.types().contains(new String(type.value(), StandardCharsets.UTF_8));
    }

    /** Each partition's first offset at or after {@code since} and first offset at or after {@code until}. */
    private Map<Integer, Position> plan(KafkaConsumer<String, byte[]> consumer, String topic, ReplayRequest request) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, WAIT).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, WAIT);
        Map<TopicPartition, OffsetAndTimestamp> from =
                consumer.offsetsForTimes(times(partitions, request.since()), WAIT);
        Map<TopicPartition, OffsetAndTimestamp> to = consumer.offsetsForTimes(times(partitions, request.until()), WAIT);
        Map<Integer, Position> positions = new TreeMap<>();
        for (TopicPartition partition : partitions) {
            long end = to.get(partition) == null
                    ? ends.get(partition)
                    : to.get(partition).offset();
            long start = from.get(partition) == null ? end : from.get(partition).offset();
            positions.put(partition.partition(), new Position(start, Math.max(start, end)));
        }
        return positions;
    }

    /**
     * When the oldest event Kafka still holds was stored, for a topic whose retention has already deleted some;
     * empty when nothing was deleted yet (every event since the topic began is there).
     */
    Optional<Instant> oldestAvailable(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, WAIT).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            Map<TopicPartition, Long> firsts = consumer.beginningOffsets(partitions, WAIT);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, WAIT);
            Instant oldest = null;
            for (TopicPartition partition : partitions) {
                long first = firsts.get(partition);
                if (first == 0 || first >= ends.get(partition)) {
                    continue;
                }
                consumer.assign(List.of(partition));
                consumer.seek(partition, first);
                Instant at = firstTimestamp(consumer);
                if (at != null && (oldest == null || at.isAfter(oldest))) {
                    oldest = at;
                }
            }
            return Optional.ofNullable(oldest);
        }
    }

    private static Instant firstTimestamp(KafkaConsumer<String, byte[]> consumer) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                return Instant.ofEpochMilli(record.timestamp());
            }
        }
        return null;
    }

    private static Map<TopicPartition, Long> times(List<TopicPartition> partitions, Instant at) {
        Map<TopicPartition, Long> times = new LinkedHashMap<>();
        partitions.forEach(partition -> times.put(partition, at.toEpochMilli()));
        return times;
    }

    private Map<Integer, Position> positions(JsonNode progress) {
        if (progress == null) {
            return null;
        }
        Map<Integer, Position> positions = new TreeMap<>();
        progress.fields()
                .forEachRemaining(field -> positions.put(
                        Integer.valueOf(field.getKey()),
                        new Position(
                                field.getValue().path("next").asLong(),
                                field.getValue().path("end").asLong())));
        return positions;
    }

    /** The webhook source a flow reads through the hub-inbound-source Kamelet; null for any other flow. */
    private static String sourceOf(Route flow) {
        String uri = flow.getEndpoint().getEndpointUri();
        int query = uri.indexOf('?');
        if (!uri.startsWith("kamelet:") || !uri.contains("hub-inbound-source") || query < 0) {
            return null;
        }
        try {
            Object source = URISupport.parseQuery(uri.substring(query + 1)).get("source");
            return source == null ? null : source.toString();
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private String topic(String source) {
        HubProperties.WebhookSource configured = properties.webhooks().sources().get(source);
        if (configured == null) {
            throw new EventApiException(
                    400, "UNKNOWN_SOURCE", "No webhook source of that name", Map.of("source", source));
        }
        return configured.topic() == null || configured.topic().isBlank()
                ? "hub.inbound." + source
                : configured.topic();
    }

    private String tenant(String source) {
        String tenant = properties.webhooks().sources().get(source).tenant();
        return tenant == null || tenant.isBlank() ? "default" : tenant;
    }

    private KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.servers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                50,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class));
    }
}

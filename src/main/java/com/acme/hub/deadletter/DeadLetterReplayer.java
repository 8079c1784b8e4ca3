package com.acme.hub.deadletter;

import com.acme.hub.platform.adapter.AdapterRuntime;
import com.acme.hub.platform.adapter.Adapters;
import com.acme.hub.security.AuditLog;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends a dead letter's message back into the step that failed: the stored body and headers, the original
 * {@code Idempotency-Key} among them, so an external system that had in fact taken the first call sees a repeat it
 * already answered. The step's own chain applies: idempotent consumer, throttle, circuit breaker, retries.
 *
 * <p>A letter is claimed ({@code replaying}) before it is sent, so two replays of one letter make one call.
 */
class DeadLetterReplayer implements DisposableBean {

    /** Exchange property: the id of the letter a replay exchange carries. The dead-letter route reads it. */
    static final String REPLAY = "hubDeadLetterReplay";
    /** Exchange property the dead-letter route sets when a replay failed again: the outcome it recorded. */
    static final String REPLAY_FAILED = "hubDeadLetterReplayFailed";

    /**
     * A letter still {@code replaying} this long after it was claimed belonged to a replica that died mid-replay. Longer
     * than any replay takes: a step's retries plus waiting out an open circuit.
     */
    static final Duration REPLAY_LEASE = Duration.ofMinutes(30);

    static final String DELIVERED = "delivered";
    static final String ALREADY_DONE = "already-done";
    static final String NOT_TRIED_CANCELLED = "not-tried: cancelled";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterReplayer.class);
    private static final TypeReference<Map<String, Object>> HEADERS = new TypeReference<>() {};

    enum Kind {
        /** The step ran and the external system took the call. */
        REPLAYED,
        /** The step ran and failed again; the letter is pending again. */
        FAILED,
        NOT_FOUND,
        /** Replayed, discarded, or being replayed by someone else. */
        NOT_PENDING,
        /** The adapter's circuit is open: nothing was sent, the letter is still pending. */
        CIRCUIT_OPEN,
        /** No route with the letter's step id runs in this hub. */
        STEP_UNAVAILABLE
    }

    /**
     * @param letter the letter after the attempt (absent when not found)
     * @param outcome what happened, as recorded in {@code replay_outcome} or said in a refusal
     * @param retryAfter for {@link Kind#CIRCUIT_OPEN}: how long until the circuit lets a trial call through
     */
    record Result(Kind kind, Optional<DeadLetterStore.Letter> letter, String outcome, Duration retryAfter) {}

    /** One letter of a bulk replay and how it went. */
    record BulkItem(String id, String outcome) {}

    /** What a bulk replay did: {@code skipped} counts the letters not tried or no longer pending. */
    record Bulk(int selected, int replayed, int failed, int skipped, List<BulkItem> letters) {}

    private final DeadLetterStore store;
    private final AuditLog audit;
    private final TransactionTemplate transaction;
    private final CamelContext camel;
    private final Adapters adapters;
    private final ObjectMapper mapper;
    private final int bulkConcurrency;
    private final Clock clock;
    private final ExecutorService workers;

    DeadLetterReplayer(
            DeadLetterStore store,
            AuditLog audit,
            TransactionTemplate transaction,
            CamelContext camel,
            Adapters adapters,
            ObjectMapper mapper,
            int bulkConcurrency,
            Clock clock) {
        this.store = store;
        this.audit = audit;
        this.transaction = transaction;
        this.camel = camel;
        this.adapters = adapters;
        this.mapper = mapper;
        this.bulkConcurrency = bulkConcurrency;
        this.clock = clock;
        AtomicInteger threads = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "dead-letter-replay-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Replays one letter, synchronously: the answer says how the step ended. */
    Result replay(String id, String actor) {
        return replay(id, actor, null);
    }

    private Result replay(String id, String actor, String bulk) {
        Optional<DeadLetterStore.Letter> found = store.find(id);
        if (found.isEmpty()) {
            return new Result(Kind.NOT_FOUND, found, "no such dead letter", null);
        }
        DeadLetterStore.Letter letter = found.get();
        if (!DeadLetterStore.PENDING.equals(letter.status()) && !DeadLetterStore.REPLAYING.equals(letter.status())) {
            return new Result(Kind.NOT_PENDING, found, "the letter is " + letter.status(), null);
        }
        Route route = camel.getRoute(letter.content().step());
        if (route == null) {
            return new Result(
                    Kind.STEP_UNAVAILABLE, found, "no step " + letter.content().step() + " runs here", null);
        }
        Optional<Duration> open = circuitOpen(letter.content().adapterId());
        if (open.isPresent()) {
            return new Result(
                    Kind.CIRCUIT_OPEN,
                    found,
                    "the circuit of " + letter.content().adapterId() + " is open",
                    open.get());
        }
        Instant now = clock.instant();
        if (!store.claim(id, actor, now, now.minus(REPLAY_LEASE))) {
            Optional<DeadLetterStore.Letter> taken = store.find(id);
            return new Result(
                    Kind.NOT_PENDING,
                    taken,
                    "the letter is " + taken.map(DeadLetterStore.Letter::status).orElse("gone"),
                    null);
        }
        Exchange sent = send(route, letter.content());
        return finish(letter, sent, actor, bulk);
    }

    /**
     * Hands the letter to the step's route as its consumer would. Not through the route's endpoint: a flow or a
     * Kamelet-made adapter reads Kafka or RabbitMQ, whose consumers take no message from a producer.
     */
    private Exchange send(Route step, DeadLetterStore.DeadLetter letter) {
        Exchange exchange = step.getEndpoint().createExchange();
        exchange.getExchangeExtension().setFromRouteId(step.getRouteId());
        exchange.setProperty(REPLAY, letter.id());
        try {
            Map<String, Object> headers = new HashMap<>(mapper.readValue(letter.headers(), HEADERS));
            exchange.getMessage().setHeaders(headers);
            exchange.getMessage().setBody(letter.body());
            step.getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        return exchange;
    }

    private Result finish(DeadLetterStore.Letter claimed, Exchange sent, String actor, String bulk) {
        String id = claimed.id();
        String failedAgain = sent.getProperty(REPLAY_FAILED, String.class);
        Kind kind;
        String outcome;
        if (failedAgain != null) {
            kind = Kind.FAILED;
            outcome = failedAgain;
        } else if (sent.getException() != null) {
            kind = Kind.FAILED;
            outcome = truncate("failed: " + sent.getException().getMessage());
        } else {
            kind = Kind.REPLAYED;
            // The step found its idempotency key already done (the step succeeded since, by another way): no call.
            outcome = sent.getProperty(ExchangePropertyKey.DUPLICATE_MESSAGE, false, Boolean.class)
                    ? ALREADY_DONE
                    : DELIVERED;
        }
        Instant now = clock.instant();
        transaction.executeWithoutResult(status -> {
            if (kind == Kind.REPLAYED) {
                store.replayed(id, outcome, now);
            } else if (failedAgain == null) {
                store.release(id, outcome, now);
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("adapterId", claimed.content().adapterId());
            details.put("step", claimed.content().step());
            details.put("replayOutcome", outcome);
            if (bulk != null) {
                details.put("bulk", bulk);
            }
            audit.record(actor, "dead-letter.replay", id, kind == Kind.REPLAYED ? outcome : "failed", details);
        });
        if (kind == Kind.FAILED) {
            LOG.warn("Replay of dead letter {} by {} failed: {}", id, actor, outcome);
        } else {
            LOG.info("Dead letter {} replayed by {}: {}", id, actor, outcome);
        }
        // A bulk replay answers with outcomes only: no need to read each letter back.
        return new Result(kind, bulk == null ? store.find(id) : Optional.empty(), outcome, null);
    }

    /**
     * Replays up to {@code limit} pending letters the filter selects, oldest first, {@code bulkConcurrency} at a time.
     * Each goes through its step's throttle and circuit breaker like any call. A letter whose adapter's circuit is open
     * is not tried and stays pending, so a system that is still down is not sent a backlog it cannot take; the
     * replays in flight when it opened wait for it as any call does. Letters are taken up only while {@code active}
     * holds (a cancelled job stops), and {@code each} hears of every letter as it is done.
     */
    Bulk replayAll(
            DeadLetterStore.Filter filter,
            int limit,
            String actor,
            String target,
            BooleanSupplier active,
            Consumer<BulkItem> each) {
        DeadLetterStore.Filter pending = new DeadLetterStore.Filter(
                filter.adapterId(), filter.errorType(), DeadLetterStore.PENDING, filter.since(), filter.until());
        List<String> ids = store.list(pending, null, limit, true).stream()
                .map(DeadLetterStore.Letter::id)
                .toList();
        String bulk = "bulk-" + UUID.randomUUID();
        Map<String, BulkItem> items = new ConcurrentHashMap<>();
        Queue<String> queue = new ConcurrentLinkedQueue<>(ids);
        List<CompletableFuture<Void>> running = new ArrayList<>();
        for (int i = 0; i < Math.min(bulkConcurrency, ids.size()); i++) {
            running.add(CompletableFuture.runAsync(
                    () -> {
                        for (String id = queue.poll(); id != null && active.getAsBoolean(); id = queue.poll()) {
                            BulkItem item = new BulkItem(id, bulkOutcome(id, actor, bulk));
                            items.put(id, item);
                            each.accept(item);
                        }
                    },
                    workers));
        }
        running.forEach(CompletableFuture::join);

        List<BulkItem> letters = ids.stream()
                .map(id -> items.getOrDefault(id, new BulkItem(id, NOT_TRIED_CANCELLED)))
                .toList();
        int replayed = (int) letters.stream()
                .filter(item ->
                        item.outcome().equals(DELIVERED) || item.outcome().equals(ALREADY_DONE))
                .count();
        int failed = (int) letters.stream()
                .filter(item -> item.outcome().startsWith("failed"))
                .count();
        Bulk result = new Bulk(ids.size(), replayed, failed, ids.size() - replayed - failed, letters);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("bulk", bulk);
        details.put("selected", result.selected());
        details.put("replayed", result.replayed());
        details.put("failed", result.failed());
        details.put("skipped", result.skipped());
        audit.record(
                actor, "dead-letter.bulk-replay", target, active.getAsBoolean() ? "completed" : "stopped", details);
        return result;
    }

    private String bulkOutcome(String id, String actor, String bulk) {
        Result result;
        try {
            result = replay(id, actor, bulk);
        } catch (RuntimeException e) {
            // One letter that could not even be tried (its row unreadable, the database gone) does not end the others.
            LOG.warn("Bulk replay {}: letter {} not replayed: {}", bulk, id, e.getMessage());
            return "not-tried: error";
        }
        return switch (result.kind()) {
            case REPLAYED, FAILED -> result.outcome();
            case NOT_FOUND -> "not-found";
            case NOT_PENDING -> "not-pending";
            case CIRCUIT_OPEN -> "not-tried: circuit-open";
            case STEP_UNAVAILABLE -> "not-tried: step-unavailable";
        };
    }

    /** How long until an open circuit lets a trial call through; empty when it is not open. */
    private Optional<Duration> circuitOpen(String adapterId) {
        AdapterRuntime adapter;
        try {
            adapter = adapters.get(adapterId);
        } catch (NoSuchElementException e) {
            return Optional.empty();
        }
        CircuitBreaker.State state = adapter.breaker().getState();
        if (state != CircuitBreaker.State.OPEN && state != CircuitBreaker.State.FORCED_OPEN) {
            return Optional.empty();
        }
        return Optional.of(adapter.settings().circuitBreaker().openWait());
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 1000 ? text : text.substring(0, 1000);
    }

    @Override
    public void destroy() {
        workers.shutdownNow();
    }
}

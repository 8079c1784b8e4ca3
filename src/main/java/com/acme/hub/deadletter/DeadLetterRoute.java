package com.acme.hub.deadletter;

import com.acme.hub.platform.adapter.AdapterCallException;
import com.acme.hub.platform.adapter.AdapterRouteBuilder;
import com.acme.hub.platform.adapter.AdapterRuntime;
import com.acme.hub.platform.flow.FlowInput;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.support.processor.PredicateValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dead-letter channel of every adapter step: the message exactly as it entered the failed step goes into the
 * dead-letter table and onto Kafka {@code integration.dlq} with the contract's headers. The two agree: if Kafka does
 * not take it, the row is removed again and the step fails, so its input is redelivered rather than lost.
 *
 * <p>A replay that fails again makes no second letter: the letter it replayed waits again with the new error and
 * the replay's attempts added, and is published again under the same key, so the latest record of a key on the topic
 * is the letter as stored.
 */
class DeadLetterRoute extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterRoute.class);
    private static final String LETTER = "hubDeadLetter";
    /**
     * Never kept or published: a route that failed after adding its credentials (a Kamelet-made adapter) must not
     * leave them in the table and on the topic. A replay adds them again on its way out.
     */
    private static final Set<String> CREDENTIALS =
            Set.of("authorization", "proxy-authorization", "cookie", "x-api-key");

    private static final String REPLAY_BEFORE = "hubDeadLetterBeforeReplay";

    private final DeadLetterStore store;
    private final PendingGauges gauges;
    private final ObjectMapper mapper;
    private final Clock clock;

    DeadLetterRoute(DeadLetterStore store, PendingGauges gauges, ObjectMapper mapper, Clock clock) {
        this.store = store;
        this.gauges = gauges;
        this.mapper = mapper;
        this.clock = clock;
    }

    @Override
    public void configure() {
        from("direct:hub-dead-letter")
                .routeId("hub-store-dead-letter")
                .process(this::store)
                .id("dead-letter-store")
                .doTry()
                .to("kafka:{{hub.dead-letters.topic}}?requestRequiredAcks=all&enableIdempotence=true"
                        + "&valueSerializer=org.apache.kafka.common.serialization.ByteArraySerializer")
                .id("dead-letter-publish")
                .doCatch(Exception.class)
                .process(this::unstore)
                .end();
    }

    private void store(Exchange exchange) throws JsonProcessingException {
        // "Original message" in Camel is scoped to the route the failure surfaced in (the adapter's call route);
        // the step keeps its own input.
        Message input = exchange.getProperty(AdapterRuntime.STEP_INPUT, Message.class);
        if (input == null) {
            // Not inside a built-in adapter's step: the event as the flow's source received it.
            input = exchange.getProperty(FlowInput.PROPERTY, Message.class);
        }
        Message message = exchange.getMessage();
        if (input != null) {
            message.setHeaders(new java.util.HashMap<>(input.getHeaders()));
            message.setBody(input.getBody());
        }
        String replayed = exchange.getProperty(DeadLetterReplayer.REPLAY, String.class);
        if (replayed != null) {
            storeFailedReplay(exchange, replayed);
            return;
        }
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String errorType = errorType(cause);
        String adapterId = exchange.getProperty(AdapterRuntime.ADAPTER_ID, "unknown", String.class);
        Instant now = stored(clock.instant());
        AdapterRuntime.Attempts made = AdapterRuntime.attempts(exchange);
        Instant first = made.first() == null ? now : stored(made.first());
        Instant last = made.last() == null ? now : stored(made.last());
        int attempts = made.count();
        String correlationId = message.getHeader(AdapterRouteBuilder.CORRELATION_ID, String.class);
        Map<String, Object> headers = new LinkedHashMap<>();
        message.getHeaders().forEach((name, value) -> {
            if (value != null && !name.startsWith("Camel") && !CREDENTIALS.contains(name.toLowerCase(Locale.ROOT))) {
                headers.put(name, value.toString());
            }
        });
        byte[] body = body(message);
        DeadLetterStore.DeadLetter letter = new DeadLetterStore.DeadLetter(
                UUID.randomUUID().toString(),
                adapterId,
                exchange.getProperty(Exchange.FAILURE_ROUTE_ID, "unknown", String.class),
                // Routes that call no built-in adapter (a flow, a Kamelet-made adapter): the route the event entered.
                exchange.getProperty(AdapterRuntime.STEP, exchange.getFromRouteId(), String.class),
                message.getHeader(AdapterRouteBuilder.EVENT_ID, String.class),
                message.getHeader(AdapterRouteBuilder.IDEMPOTENCY_KEY, String.class),
                correlationId,
                body,
                mapper.writeValueAsString(headers),
                errorType,
                cause == null ? null : truncate(cause.getMessage()),
                attempts,
                first,
                last);
        store.insert(letter, now);
        gauges.register(adapterId);
        exchange.setProperty(LETTER, letter.id());
        LOG.warn(
                "Dead letter {} for adapter {} step {} after {} attempt(s): {}",
                letter.id(),
                adapterId,
                letter.step(),
                attempts,
                errorType);

        toKafka(message, letter);
    }

    /**
     * The message a replay sent to its step failed again: the letter goes back to pending with this failure, instead
     * of a second letter for the same message.
     */
    private void storeFailedReplay(Exchange exchange, String id) {
        DeadLetterStore.DeadLetter before = store.find(id)
                .orElseThrow(() -> new IllegalStateException("replayed dead letter " + id + " is gone"))
                .content();
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String errorType = errorType(cause);
        String errorMessage = cause == null ? null : truncate(cause.getMessage());
        Instant now = stored(clock.instant());
        AdapterRuntime.Attempts made = AdapterRuntime.attempts(exchange);
        Instant last = made.last() == null ? now : stored(made.last());
        String outcome = truncate("failed: " + errorType + (errorMessage == null ? "" : ": " + errorMessage));
        store.failedAgain(id, errorType, errorMessage, made.count(), last, outcome, now);
        exchange.setProperty(LETTER, id);
        exchange.setProperty(REPLAY_BEFORE, before);
        exchange.setProperty(DeadLetterReplayer.REPLAY_FAILED, outcome);
        LOG.warn(
                "Replay of dead letter {} for adapter {} step {} failed again after {} attempt(s): {}",
                id,
                before.adapterId(),
                before.step(),
                made.count(),
                errorType);

        toKafka(exchange.getMessage(), store.find(id).orElseThrow().content());
    }

    /** The record on integration.dlq: the message as it entered the step, keyed and described by the letter. */
    private static void toKafka(Message message, DeadLetterStore.DeadLetter letter) {
        message.setHeader(KafkaConstants.KEY, letter.id());
        message.setHeader("dead-letter-id", letter.id());
        message.setHeader("adapter-id", letter.adapterId());
        message.setHeader("error-type", letter.errorType());
        message.setHeader("attempts", String.valueOf(letter.attempts()));
        message.setHeader("first-attempt", letter.firstAttempt().toString());
        message.setHeader("last-attempt", letter.lastAttempt().toString());
        message.setHeader(AdapterRouteBuilder.CORRELATION_ID, letter.correlationId());
        message.setBody(letter.body());
    }

    /**
     * The contract's error type. Built-in adapters classify their own failures; routes that call a system through
     * Camel endpoints directly (a Kamelet-made adapter, a flow) are classified here by what was thrown.
     */
    static String errorType(Throwable cause) {
        if (cause instanceof AdapterCallException failure) {
            return failure.errorType();
        }
        // A flow's validate EIP refused the event: bad data, not a failed call.
        if (cause instanceof PredicateValidationException) {
            return "validation";
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof HttpOperationFailedException http) {
                return AdapterCallException.httpErrorType(http.getStatusCode());
            }
            if (t instanceof CallNotPermittedException) {
                return "circuit_open";
            }
            if (t instanceof ConnectException) {
                return "connection";
            }
            if (AdapterCallException.isTimeout(t)) {
                return "timeout";
            }
        }
        return "unexpected";
    }

    private void unstore(Exchange exchange) {
        String id = exchange.getProperty(LETTER, String.class);
        DeadLetterStore.DeadLetter before = exchange.getProperty(REPLAY_BEFORE, DeadLetterStore.DeadLetter.class);
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String reason = cause == null ? "unknown" : cause.getMessage();
        if (before != null) {
            // The letter stays pending as it was published; only the outcome tells of this replay.
            String outcome = truncate(
                    exchange.getProperty(DeadLetterReplayer.REPLAY_FAILED, String.class) + " (not published to Kafka)");
            store.restoreError(before, outcome);
            exchange.setProperty(DeadLetterReplayer.REPLAY_FAILED, outcome);
        } else {
            store.delete(id);
        }
        throw new IllegalStateException("dead letter " + id + " not published to Kafka: " + reason);
    }

    private byte[] body(Message message) throws JsonProcessingException {
        Object body = message.getBody();
        if (body == null) {
            return new byte[0];
        }
        if (body instanceof byte[] bytes) {
            return bytes;
        }
        if (body instanceof String text) {
            return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        byte[] converted = message.getBody(byte[].class);
        return converted != null ? converted : mapper.writeValueAsBytes(body);
    }

    /** Times as the database keeps them (microseconds), so the Kafka headers say exactly what the row says. */
    private static Instant stored(Instant at) {
        return at.truncatedTo(ChronoUnit.MICROS);
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 1000 ? text : text.substring(0, 1000);
    }
}

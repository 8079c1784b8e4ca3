package com.acme.hub.deadletter;

import com.acme.hub.platform.adapter.AdapterCallException;
import com.acme.hub.platform.adapter.AdapterRouteBuilder;
import com.acme.hub.platform.adapter.AdapterRuntime;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
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
 */
class DeadLetterRoute extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterRoute.class);
    private static final String LETTER = "hubDeadLetter";

    private final DeadLetterStore store;
    private final ObjectMapper mapper;
    private final Clock clock;

    DeadLetterRoute(DeadLetterStore store, ObjectMapper mapper, Clock clock) {
        this.store = store;
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
        Message message = exchange.getMessage();
        if (input != null) {
            message.setHeaders(new java.util.HashMap<>(input.getHeaders()));
            message.setBody(input.getBody());
        }
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String errorType = errorType(cause);
        String adapterId = exchange.getProperty(AdapterRuntime.ADAPTER_ID, "unknown", String.class);
        Instant now = clock.instant();
        AdapterRuntime.Attempts made = AdapterRuntime.attempts(exchange);
        Instant first = made.first() == null ? now : made.first();
        Instant last = made.last() == null ? now : made.last();
        int attempts = made.count();
        String correlationId = message.getHeader(AdapterRouteBuilder.CORRELATION_ID, String.class);
        Map<String, Object> headers = new LinkedHashMap<>();
        message.getHeaders().forEach((name, value) -> {
            if (value != null && !name.startsWith("Camel")) {
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
        exchange.setProperty(LETTER, letter.id());
        LOG.warn(
                "Dead letter {} for adapter {} step {} after {} attempt(s): {}",
                letter.id(),
                adapterId,
                letter.step(),
                attempts,
                errorType);

        message.setHeader(KafkaConstants.KEY, letter.id());
        message.setHeader("dead-letter-id", letter.id());
        message.setHeader("adapter-id", adapterId);
        message.setHeader("error-type", errorType);
        message.setHeader("attempts", String.valueOf(attempts));
        message.setHeader("first-attempt", first.toString());
        message.setHeader("last-attempt", last.toString());
        message.setHeader(AdapterRouteBuilder.CORRELATION_ID, correlationId);
        message.setBody(body);
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
                int status = http.getStatusCode();
                return status == 429
                        ? "rate_limited"
                        : status >= 500 || status == 408 ? "server_error" : "client_error";
            }
            if (t instanceof CallNotPermittedException) {
                return "circuit_open";
            }
            if (t instanceof ConnectException) {
                return "connection";
            }
            if (t instanceof SocketTimeoutException
                    || t.getClass().getSimpleName().contains("Timeout")) {
                return "timeout";
            }
        }
        return "unexpected";
    }

    private void unstore(Exchange exchange) {
        String id = exchange.getProperty(LETTER, String.class);
        store.delete(id);
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        throw new IllegalStateException(
                "dead letter " + id + " not published to Kafka: " + (cause == null ? "unknown" : cause.getMessage()));
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

    private static String truncate(String text) {
        return text == null || text.length() <= 1000 ? text : text.substring(0, 1000);
    }
}

package com.acme.hub.platform.adapter;

import java.util.HashMap;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spi.IdempotentRepository;

/**
 * The shape every adapter shares. A step route ({@code <system>-<action>-<object>}) owns the idempotent consumer
 * and the retries; it hands the request to the adapter's call route, which waits for the rate limit all replicas
 * share, waits out an open circuit and makes the call inside the Resilience4j circuit breaker whose id is the adapter
 * id.
 */
public abstract class AdapterRouteBuilder extends RouteBuilder {

    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    public static final String CORRELATION_HEADER = "X-Correlation-ID";
    /** Headers a flow hands to a step: the event the step acts for and its correlation id. */
    public static final String EVENT_ID = "event-id";

    public static final String CORRELATION_ID = "correlation-id";

    private static final String REQUEST = "hubAdapterRequest";

    protected final AdapterRuntime adapter;
    protected final IdempotentRepository idempotency;

    protected AdapterRouteBuilder(AdapterRuntime adapter, IdempotentRepository idempotency) {
        this.adapter = adapter;
        this.idempotency = idempotency;
    }

    /** Where a step sends its prepared request. */
    protected String callUri() {
        return "direct:adapter-" + adapter.id();
    }

    /**
     * A step: entered with the event's id (header {@code event-id}) or an explicit {@code Idempotency-Key}; the
     * same key never makes the external effect twice. The {@link StepLedger} behind the idempotent consumer skips a
     * step already done, and fails one another replica is running with {@link StepLedger.StepInProgress}, which the
     * adapter's error handling retries (never skips). A failure gives the key back; success marks it done.
     * {@code request} prepares the call; once the call succeeded, the step is written to the event's journal.
     */
    protected void step(String fromUri, String routeId, Processor request) {
        from(fromUri)
                .routeId(routeId)
                .routeConfigurationId("adapter-" + adapter.id())
                .process(exchange -> enter(exchange, routeId))
                .id(routeId + "-enter")
                .idempotentConsumer(header(IDEMPOTENCY_KEY))
                .idempotentRepository(idempotency)
                .removeOnFailure(true)
                .skipDuplicate(true)
                .id(routeId + "-idempotent")
                .process(request)
                .id(routeId + "-request")
                .to(callUri())
                .id(routeId + "-call")
                .bean(StepJournal.BEAN, "delivered")
                .id(routeId + "-journal")
                .end();
    }

    /**
     * The adapter's call route: throttle, circuit, then {@code send} (the endpoint call and its classification).
     *
     * @param beforeSend runs inside the breaker before every attempt (credentials that may need refreshing)
     */
    protected void callRoute(Processor beforeSend, String endpointUri, Processor classify) {
        from(callUri())
                .routeId("adapter-" + adapter.id() + "-call")
                .routeConfigurationId(AdapterRouteConfigurations.CALL)
                .process(AdapterRouteBuilder::sameRequestEveryAttempt)
                .process(adapter::throttle)
                .id(adapter.id() + "-throttle")
                .process(adapter::beforeCall)
                .id(adapter.id() + "-await-circuit")
                .circuitBreaker()
                .id(adapter.id())
                .resilience4jConfiguration()
                .circuitBreaker(adapter.breakerBean())
                .end()
                .process(beforeSend)
                .process(adapter::attempt)
                .doTry()
                .to(endpointUri)
                .id(adapter.id() + "-send")
                .doCatch(Exception.class)
                .process(this::translateFailure)
                .end()
                .process(classify)
                .end();
    }

    /**
     * A redelivery resends the exchange as the failed attempt left it, response and all: the first pass keeps the
     * request as the step prepared it, and every later attempt starts again from that copy.
     */
    private static void sameRequestEveryAttempt(Exchange exchange) {
        Message message = exchange.getMessage();
        Message request = exchange.getProperty(REQUEST, Message.class);
        if (request == null) {
            exchange.setProperty(REQUEST, message.copy());
        } else {
            message.setHeaders(new HashMap<>(request.getHeaders()));
            message.setBody(request.getBody());
        }
    }

    /** A call that did not get an answer: connection refused, timed out, broker unreachable. */
    private void translateFailure(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String type = isTimeout(cause) ? "timeout" : "connection";
        throw adapter.failed(
                exchange,
                type,
                new AdapterCallException.Retryable(
                        type, adapter.id() + " did not answer: " + (cause == null ? "unknown" : cause.getMessage())));
    }

    private static boolean isTimeout(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (AdapterCallException.isTimeout(t)) {
                return true;
            }
        }
        return false;
    }

    private void enter(Exchange exchange, String routeId) {
        exchange.setProperty(AdapterRuntime.ADAPTER_ID, adapter.id());
        exchange.setProperty(AdapterRuntime.STEP, routeId);
        var message = exchange.getMessage();
        if (message.getHeader(IDEMPOTENCY_KEY) == null) {
            String eventId = message.getHeader(EVENT_ID, String.class);
            if (eventId == null || eventId.isBlank()) {
                throw new AdapterCallException.Rejected(
                        "validation", "no event-id or Idempotency-Key to make " + routeId + " idempotent");
            }
            message.setHeader(IDEMPOTENCY_KEY, eventId + ":" + routeId);
        }
        if (message.getHeader(CORRELATION_ID) == null) {
            message.setHeader(CORRELATION_ID, UUID.randomUUID().toString());
        }
        exchange.setProperty(AdapterRuntime.STEP_INPUT, message.copy());
    }
}

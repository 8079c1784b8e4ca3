package com.acme.hub.webhook;

import com.acme.hub.observability.Correlation;
import com.acme.hub.platform.HubProperties;
import com.acme.hub.platform.web.ApiError;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;

/**
 * The steps of the ingress route: admit (source, rate, media type, signature, payload, dedup claim), then after
 * Kafka's acknowledgement record the receipt and answer 202. Every other answer is a {@link WebhookRejection}.
 */
class WebhookIngress {

    static final String CLAIMED = "hubWebhookClaimed";

    private static final Logger LOG = LoggerFactory.getLogger(WebhookIngress.class);
    private static final String SOURCE = "hubWebhookSource";
    private static final String REQUEST = "hubWebhookRequest";
    private static final String EVENT_ID = "hubWebhookEventId";
    private static final String ACKNOWLEDGED = "hubWebhookAcknowledged";
    private static final JsonFactory JSON_FACTORY = new JsonFactory();
    private static final Pattern TRACEPARENT = Pattern.compile("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
    private static final Pattern PRINTABLE_ID = Pattern.compile("[\\x21-\\x7e]{1,255}");
    // Never forwarded to Kafka: credentials and hop-by-hop transport headers.
    private static final Set<String> DROPPED_HEADERS = Set.of(
            "authorization",
            "proxy-authorization",
            "cookie",
            "x-api-key",
            "host",
            "connection",
            "content-length",
            "transfer-encoding",
            "keep-alive",
            "te",
            "upgrade",
            "expect",
            "accept-encoding");

    private final WebhookSources sources;
    private final WebhookReceipts receipts;
    private final StoredMarks marks;
    private final WebhookRateLimiter rateLimiter;
    private final WebhookMetrics metrics;
    private final HubProperties.Webhooks settings;
    private final ObjectMapper mapper;
    private final Clock clock;

    WebhookIngress(
            WebhookSources sources,
            WebhookReceipts receipts,
            StoredMarks marks,
            WebhookRateLimiter rateLimiter,
            WebhookMetrics metrics,
            HubProperties.Webhooks settings,
            ObjectMapper mapper,
            Clock clock) {
        this.sources = sources;
        this.receipts = receipts;
        this.marks = marks;
        this.rateLimiter = rateLimiter;
        this.metrics = metrics;
        this.settings = settings;
        this.mapper = mapper;
        this.clock = clock;
    }

    void admit(Exchange exchange) {
        HttpServletRequest request = request(exchange);
        String sourceName = exchange.getMessage().getHeader("source", String.class);
        WebhookSources.Source source = sources.find(sourceName)
                .orElseThrow(() -> WebhookRejection.of(
                        404,
                        "UNKNOWN_SOURCE",
                        "No webhook source of that name",
                        "source",
                        "not configured",
                        "unknown_source"));
        exchange.setProperty(SOURCE, source.name());

        if (source.rateLimit() != null) {
            OptionalLong wait = rateLimiter.tryAcquire(source.name(), source.rateLimit());
            if (wait.isPresent()) {
                throw new WebhookRejection(
                        429,
                        "RATE_LIMITED",
                        "Too many requests for this source",
                        Map.of("reason", "limit is " + source.rateLimit() + " per second"),
                        wait.getAsLong(),
                        "rate_limited");
            }
        }

        String contentType = request.getContentType();
        if (!source.accepts(contentType)) {
            throw WebhookRejection.of(
                    415,
                    "UNSUPPORTED_MEDIA_TYPE",
                    "This source does not send that media type",
                    "Content-Type",
                    "accepted: " + String.join(", ", source.contentTypes()),
                    "unsupported_media_type");
        }

        byte[] body = (byte[]) request.getAttribute(WebhookBodyFilter.RAW_BODY);
        WebhookRequest webhook = new ServletWebhookRequest(request, body);
        Verification verification =
                source.scheme().verify(webhook, source.secrets(), settings.tolerance(), clock.instant());
        if (verification instanceof Verification.Rejected rejected) {
            throw WebhookRejection.of(
                    rejected.status(),
                    rejected.code(),
                    "The webhook could not be verified",
                    rejected.field(),
                    rejected.reason(),
                    outcomeOf(rejected.code()));
        }
        if (source.scheme().requiresJson() && !isJson(body)) {
            throw WebhookRejection.of(
                    400, "MALFORMED_PAYLOAD", "The body is not valid JSON", "body", "not a JSON document", "malformed");
        }
        String eventId = EventIds.resolve(webhook, (Verification.Verified) verification);
        if (!PRINTABLE_ID.matcher(eventId).matches()) {
            throw WebhookRejection.of(
                    400,
                    "INVALID_EVENT_ID",
                    "The event id is not usable",
                    "event-id",
                    "1 to 255 printable ASCII characters",
                    "malformed");
        }
        exchange.setProperty(EVENT_ID, eventId);

        String correlationId = Correlation.of(request);
        Instant receivedAt = clock.instant();
        switch (receipts.claim(
                source.name(), eventId, source.tenant(), correlationId, receivedAt, settings.inFlightTimeout())) {
            case STORED -> {
                metrics.count(source.name(), "duplicate");
                respond(exchange, 200, Map.of("status", "duplicate", "eventId", eventId), null);
                return;
            }
            case IN_FLIGHT -> throw new WebhookRejection(
                    409,
                    "EVENT_IN_FLIGHT",
                    "A copy of this event is being stored right now; retry to learn the outcome",
                    Map.of("field", "event-id", "reason", "in flight"),
                    1L,
                    "in_flight");
            case CLAIMED -> exchange.setProperty(CLAIMED, true);
        }

        Message message = exchange.getMessage();
        Map<String, Object> headers = kafkaHeaders(request, source, eventId, correlationId, receivedAt, contentType);
        message.setHeaders(headers);
        message.setBody(body);
    }

    /**
     * Kafka acknowledged: the answer is 202 from here on, whatever fails. The receipt is marked stored in the
     * background ({@link StoredMarks}), which keeps one database commit off the request path.
     */
    void stored(Exchange exchange) {
        exchange.setProperty(ACKNOWLEDGED, true);
        String source = exchange.getProperty(SOURCE, String.class);
        String eventId = exchange.getProperty(EVENT_ID, String.class);
        @SuppressWarnings("unchecked")
        List<RecordMetadata> metadata = exchange.getMessage().getHeader(KafkaConstants.KAFKA_RECORD_META, List.class);
        RecordMetadata record = metadata.get(0);
        marks.add(new StoredMarks.Mark(
                source, eventId, record.topic(), record.partition(), record.offset(), clock.instant()));
        accepted(exchange, source, eventId);
    }

    private void accepted(Exchange exchange, String source, String eventId) {
        metrics.count(source, "accepted");
        respond(exchange, 202, Map.of("status", "accepted", "eventId", eventId), null);
    }

    void rejected(Exchange exchange) {
        WebhookRejection rejection = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, WebhookRejection.class);
        String source = exchange.getProperty(SOURCE, "unknown", String.class);
        metrics.count(source, rejection.outcome);
        respond(
                exchange,
                rejection.status,
                ApiError.of(rejection.code, rejection.getMessage(), rejection.details, correlationId(exchange)),
                rejection.retryAfterSeconds);
    }

    /**
     * Kafka did not acknowledge in time (or the database failed before): nothing was accepted. A failure after the
     * acknowledgement is still a 202 and keeps the claim: releasing it would let the sender's retry publish again.
     */
    void notStored(Exchange exchange) {
        String source = exchange.getProperty(SOURCE, "unknown", String.class);
        String eventId = exchange.getProperty(EVENT_ID, String.class);
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (exchange.getProperty(ACKNOWLEDGED, false, Boolean.class)) {
            LOG.warn(
                    "Webhook {} from {} stored in Kafka, its receipt not recorded: {}",
                    eventId,
                    source,
                    cause == null ? "unknown" : cause.getMessage());
            accepted(exchange, source, eventId);
            return;
        }
        if (exchange.getProperty(CLAIMED, false, Boolean.class)) {
            receipts.release(source, eventId);
        }
        LOG.warn("Webhook {} from {} not stored: {}", eventId, source, cause == null ? "unknown" : cause.getMessage());
        metrics.count(source, "unavailable");
        respond(
                exchange,
                503,
                ApiError.of(
                        "STORE_UNAVAILABLE",
                        "The event store did not confirm the event; nothing was accepted",
                        Map.of("reason", "retry later"),
                        correlationId(exchange)),
                5L);
    }

    /** The servlet request, kept on the exchange: later steps replace the message that carried it. */
    private static HttpServletRequest request(Exchange exchange) {
        HttpServletRequest request = exchange.getProperty(REQUEST, HttpServletRequest.class);
        if (request == null) {
            request = exchange.getIn(PlatformHttpMessage.class).getRequest();
            exchange.setProperty(REQUEST, request);
        }
        return request;
    }

    private static String correlationId(Exchange exchange) {
        return Correlation.of(request(exchange));
    }

    private void respond(Exchange exchange, int status, Object body, Long retryAfterSeconds) {
        Message message = exchange.getMessage();
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE);
        if (retryAfterSeconds != null) {
            message.setHeader("Retry-After", retryAfterSeconds.toString());
        }
        try {
            message.setBody(mapper.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the answer", e);
        }
    }

    private static Map<String, Object> kafkaHeaders(
            HttpServletRequest request,
            WebhookSources.Source source,
            String eventId,
            String correlationId,
            Instant receivedAt,
            String contentType) {
        Map<String, Object> headers = new java.util.HashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!DROPPED_HEADERS.contains(lower)) {
                headers.put("http-" + lower, request.getHeader(name));
            }
        }
        headers.put(KafkaConstants.KEY, eventId);
        headers.put(KafkaConstants.OVERRIDE_TOPIC, source.topic());
        headers.put("source", source.name());
        if (source.tenant() != null) {
            headers.put("tenant", source.tenant());
        }
        headers.put("event-id", eventId);
        headers.put("correlation-id", correlationId);
        headers.put("received-at", receivedAt.toString());
        headers.put("content-type", contentType);
        headers.put("traceparent", traceparent(request.getHeader("traceparent")));
        return headers;
    }

    /** Continues the sender's trace when it sent one; otherwise starts one, so every later hop can join it. */
    private static String traceparent(String incoming) {
        if (incoming != null && TRACEPARENT.matcher(incoming).matches()) {
            return incoming;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        HexFormat hex = HexFormat.of();
        return "00-" + hex.toHexDigits(random.nextLong()) + hex.toHexDigits(random.nextLong()) + "-"
                + hex.toHexDigits(random.nextLong()) + "-01";
    }

    private static boolean isJson(byte[] body) {
        try (JsonParser parser = JSON_FACTORY.createParser(body)) {
            if (parser.nextToken() == null) {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }

    private static String outcomeOf(String code) {
        return switch (code) {
            case "MISSING_SIGNATURE" -> "missing_signature";
            case "MISSING_TIMESTAMP", "TIMESTAMP_OUT_OF_TOLERANCE" -> "expired";
            case "INVALID_PAYLOAD" -> "malformed";
            case "MISSING_EVENT_ID" -> "malformed";
            default -> "invalid_signature";
        };
    }

    private record ServletWebhookRequest(HttpServletRequest request, byte[] body) implements WebhookRequest {
        @Override
        public String header(String name) {
            return request.getHeader(name);
        }
    }
}

package com.acme.hub.sandbox;

import com.acme.hub.platform.HubProperties;
import com.acme.hub.webhook.WebhookSigner;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The signer signs: some time after an envelope was created the provider completes it and tells the hub over
 * DocuSign Connect, a signed HTTP POST, retried with backoff while the hub is unreachable or answers 5xx or 409 (409:
 * the hub is still storing an earlier copy), as a real provider keeps trying.
 *
 * <p>The completion is recorded in the ledger before the first delivery, under {@code <envelopeId>-completed}, the
 * same id the callback carries as {@code X-Event-ID}: whichever replica records it is the one that calls back, and
 * the hub deduplicates any re-sends by that id. Completions still due when the process stopped are picked up again at
 * start-up from the ledger.
 */
@Component
@SandboxEnabled
class EsignCompletions {

    static final String COMPLETED = "envelope.completed";
    static final String EVENT_ID_HEADER = "X-Event-ID";

    private static final Logger LOG = LoggerFactory.getLogger(EsignCompletions.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private final SandboxLedger ledger;
    private final ObjectMapper mapper;
    private final HubProperties.Sandbox.Esign settings;
    private final HttpClient http;
    /** Timers, not sleeping request threads: completions and retries wait here. */
    private final ScheduledExecutorService scheduler;

    private volatile URI callbackUrl;

    EsignCompletions(SandboxLedger ledger, ObjectMapper mapper, HubProperties properties) {
        this.ledger = ledger;
        this.mapper = mapper;
        this.settings = properties.sandbox().esign();
        if (settings.callbackSecret() == null || settings.callbackSecret().isBlank()) {
            throw new IllegalStateException(
                    "hub.sandbox.esign.callback-secret must be set when hub.sandbox.enabled=true"
                            + " (the DocuSign Connect key the hub's webhook source esign verifies)");
        }
        if (settings.callbackUrl() != null && !settings.callbackUrl().isBlank()) {
            this.callbackUrl = URI.create(settings.callbackUrl());
        }
        this.http = HttpClient.newBuilder().connectTimeout(CALL_TIMEOUT).build();
        this.scheduler = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "sandbox-esign-connect");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * The default callback goes to this hub itself, whose port is only known once the server listens (tests use
     * random ports). The management server, if on its own port, is not the one.
     */
    @EventListener
    void onServerStarted(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() != null) {
            return;
        }
        if (callbackUrl == null) {
            // Unset hub.sandbox.esign.callback-url means this very hub, whose port is known only once it listens.
            callbackUrl = URI.create("http://localhost:" + event.getWebServer().getPort() + "/v1/webhooks/esign");
        }
        resumePending();
    }

    void schedule(String accountId, String envelopeId, JsonNode customFields) {
        scheduler.schedule(
                () -> complete(accountId, envelopeId, customFields),
                settings.completeAfter().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        scheduler.shutdownNow();
    }

    private void resumePending() {
        for (SandboxLedger.Effect created : ledger.effects(SandboxSystem.ESIGN, EsignSimulator.CREATE)) {
            JsonNode envelope = SandboxJson.stored(mapper, created.result());
            String envelopeId = envelope.path("envelopeId").asText();
            if (ledger.find(SandboxSystem.ESIGN, eventId(envelopeId)).isEmpty()) {
                ObjectNode fields = envelope.path("customFields").isObject()
                        ? (ObjectNode) envelope.path("customFields")
                        : mapper.createObjectNode().put("orderId", created.reference());
                schedule(settings.accountId(), envelopeId, fields);
            }
        }
    }

    private void complete(String accountId, String envelopeId, JsonNode customFields) {
        String orderId = customFields.path("orderId").asText();
        try {
            SandboxLedger.Recorded recorded = ledger.record(
                    SandboxSystem.ESIGN,
                    eventId(envelopeId),
                    COMPLETED,
                    orderId,
                    () -> connectEvent(accountId, envelopeId, customFields));
            if (recorded.created()) {
                deliver(recorded.effect().result(), eventId(envelopeId), 1);
            }
        } catch (RuntimeException e) {
            // The database may be briefly away; the envelope stays due and is completed on a later try.
            LOG.warn("Sandbox e-signature could not complete envelope {}: {}", envelopeId, e.toString());
            scheduler.schedule(
                    () -> complete(accountId, envelopeId, customFields),
                    settings.callbackBackoff().toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    private void deliver(String body, String eventId, int attempt) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(callbackUrl)
                .timeout(CALL_TIMEOUT)
                .header("Content-Type", "application/json")
                .header(EVENT_ID_HEADER, eventId)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        traceparent(body).ifPresent(traceparent -> request.header(EsignSimulator.TRACEPARENT, traceparent));
        WebhookSigner.sign("docusign", settings.callbackSecret(), null, Instant.now(), bytes)
                .forEach(request::header);
        String outcome;
        try {
            HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            if (status < 300) {
                LOG.info("Sandbox e-signature delivered {} (HTTP {})", eventId, status);
                return;
            }
            if (status < 500 && status != 409) {
                LOG.warn("Sandbox e-signature callback {} refused with HTTP {}; not retried", eventId, status);
                return;
            }
            outcome = "HTTP " + status;
        } catch (IOException e) {
            outcome = e.getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (attempt >= settings.callbackAttempts()) {
            LOG.warn("Sandbox e-signature gave up on callback {} after {} attempts ({})", eventId, attempt, outcome);
            return;
        }
        long delay = settings.callbackBackoff().toMillis() << Math.min(attempt - 1, 16);
        LOG.info(
                "Sandbox e-signature callback {} failed ({}), attempt {} in {} ms",
                eventId,
                outcome,
                attempt + 1,
                delay);
        scheduler.schedule(() -> deliver(body, eventId, attempt + 1), delay, TimeUnit.MILLISECONDS);
    }

    /** The trace the envelope was created in, sent back so the callback joins it. */
    private Optional<String> traceparent(String connectEvent) {
        return SandboxJson.text(
                SandboxJson.parse(mapper, connectEvent)
                        .path("data")
                        .path("envelopeSummary")
                        .path("customFields"),
                EsignSimulator.TRACEPARENT);
    }

    /** A DocuSign Connect (JSON, SIM) envelope-completed message. */
    private String connectEvent(String accountId, String envelopeId, JsonNode customFields) {
        ObjectNode event = mapper.createObjectNode();
        event.put("event", "envelope-completed");
        event.put("apiVersion", "v2.1");
        event.put("uri", "/restapi/v2.1/accounts/" + accountId + "/envelopes/" + envelopeId);
        event.put("generatedDateTime", Instant.now().toString());
        ObjectNode data = event.putObject("data");
        data.put("accountId", accountId);
        data.put("envelopeId", envelopeId);
        ObjectNode summary = data.putObject("envelopeSummary");
        summary.put("status", "completed");
        summary.put("completedDateTime", Instant.now().toString());
        summary.set("customFields", customFields.deepCopy());
        return event.toString();
    }

    static String eventId(String envelopeId) {
        return envelopeId + "-completed";
    }
}

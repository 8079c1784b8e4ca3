package com.acme.hub.sandbox;

import com.acme.hub.platform.HubProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A DocuSign-like e-signature provider: OAuth2 client credentials for a bearer token, envelopes created under an
 * account, and completion reported later over DocuSign Connect (see {@link EsignCompletions}).
 */
@RestController
@RequestMapping("/sandbox/esign")
@SandboxEnabled
class EsignSimulator {

    static final String TRACEPARENT = "traceparent";

    static final String CREATE = "envelope.create";

    private final SandboxHttp http;
    private final SandboxLedger ledger;
    private final EsignTokens tokens;
    private final EsignCompletions completions;
    private final ObjectMapper mapper;
    private final HubProperties.Sandbox.Esign settings;

    EsignSimulator(
            SandboxHttp http,
            SandboxLedger ledger,
            EsignTokens tokens,
            EsignCompletions completions,
            ObjectMapper mapper,
            HubProperties properties) {
        this.http = http;
        this.ledger = ledger;
        this.tokens = tokens;
        this.completions = completions;
        this.mapper = mapper;
        this.settings = properties.sandbox().esign();
        if (blank(settings.clientId()) || blank(settings.clientSecret())) {
            throw new IllegalStateException("hub.sandbox.esign.client-id and hub.sandbox.esign.client-secret must be"
                    + " set when hub.sandbox.enabled=true (the credentials the simulated provider accepts)");
        }
    }

    /**
     * OAuth2 client credentials (RFC 6749 section 4.4): the client authenticates with HTTP basic or with
     * {@code client_id} and {@code client_secret} form fields.
     */
    @PostMapping("/oauth/token")
    ResponseEntity<Object> token(HttpServletRequest request) {
        Optional<ResponseEntity<Object>> faulted = http.admit(SandboxSystem.ESIGN, request);
        if (faulted.isPresent()) {
            return faulted.get();
        }
        if (!"client_credentials".equals(request.getParameter("grant_type"))) {
            return SandboxHttp.error(
                    400,
                    "UNSUPPORTED_GRANT_TYPE",
                    "Only the client_credentials grant is supported",
                    Map.of("field", "grant_type"),
                    request);
        }
        String[] client = basicCredentials(request.getHeader(HttpHeaders.AUTHORIZATION))
                .orElseGet(
                        () -> new String[] {request.getParameter("client_id"), request.getParameter("client_secret")});
        if (!matches(client[0], settings.clientId()) || !matches(client[1], settings.clientSecret())) {
            return SandboxHttp.error(
                    401, "INVALID_CLIENT", "Client authentication failed", Map.of("field", "client_id"), request);
        }
        EsignTokens.Issued issued = tokens.issue();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", issued.token());
        body.put("token_type", "Bearer");
        body.put("expires_in", issued.ttl().toSeconds());
        return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "no-store").body(body);
    }

    /**
     * Creates and sends an envelope. The order it is for is read from {@code customFields.orderId}, else from a
     * top-level {@code orderId}; it and the envelope's other custom fields come back in the completion callback's
     * {@code customFields}. A repeated
     * Idempotency-Key answers the same envelope, and only the first creation is ever completed.
     */
    @PostMapping("/restapi/v2.1/accounts/{accountId}/envelopes")
    ResponseEntity<Object> createEnvelope(
            @PathVariable String accountId, @RequestBody(required = false) String body, HttpServletRequest request) {
        Optional<ResponseEntity<Object>> faulted = http.admit(SandboxSystem.ESIGN, request);
        if (faulted.isPresent()) {
            return faulted.get();
        }
        if (!tokens.valid(bearer(request.getHeader(HttpHeaders.AUTHORIZATION)))) {
            return SandboxHttp.unauthorized("A valid, unexpired access token is required", request);
        }
        String key = SandboxHttp.idempotencyKey(request);
        if (key == null) {
            return SandboxHttp.missingIdempotencyKey(request);
        }
        if (!settings.accountId().equals(accountId)) {
            return SandboxHttp.error(
                    404, "ACCOUNT_NOT_FOUND", "No such account", Map.of("accountId", accountId), request);
        }
        JsonNode json = SandboxJson.parse(mapper, body);
        String orderId = SandboxJson.text(json.path("customFields"), "orderId")
                .or(() -> SandboxJson.text(json, "orderId"))
                .orElse(null);
        if (orderId == null) {
            return SandboxHttp.error(
                    400,
                    "INVALID_ENVELOPE",
                    "The envelope names no order",
                    Map.of(
                            "field",
                            "customFields.orderId",
                            "reason",
                            "missing (looked at customFields.orderId and" + " orderId)"),
                    request);
        }
        SandboxLedger.Recorded recorded = ledger.record(SandboxSystem.ESIGN, key, CREATE, orderId, () -> {
            ObjectNode answer = mapper.createObjectNode();
            answer.put("envelopeId", UUID.randomUUID().toString());
            answer.put("status", "sent");
            answer.put("statusDateTime", Instant.now().toString());
            answer.put("uri", "/envelopes/" + answer.get("envelopeId").asText());
            answer.set("customFields", customFields(json, orderId, request.getHeader(TRACEPARENT)));
            return answer.toString();
        });
        JsonNode answer = SandboxJson.stored(mapper, recorded.effect().result());
        if (recorded.created()) {
            completions.schedule(accountId, answer.path("envelopeId").asText(), answer.path("customFields"));
        }
        return ResponseEntity.status(201).body(answer);
    }

    /**
     * The envelope's custom fields, which DocuSign Connect sends back on completion; the order id among them, and the
     * trace the envelope was created in, as a provider keeps a caller's trace context in custom fields.
     */
    private ObjectNode customFields(JsonNode envelope, String orderId, String traceparent) {
        ObjectNode fields = envelope.path("customFields").isObject()
                ? ((ObjectNode) envelope.path("customFields")).deepCopy()
                : mapper.createObjectNode();
        fields.put("orderId", orderId);
        if (traceparent != null && !traceparent.isBlank()) {
            fields.put(TRACEPARENT, traceparent);
        }
        return fields;
    }

    private static Optional<String[]> basicCredentials(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String decoded = new String(
                    Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0
                    ? Optional.empty()
                    : Optional.of(new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)});
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorization.substring(7).strip();
    }

    private static boolean matches(String presented, String expected) {
        return presented != null
                && MessageDigest.isEqual(
                        presented.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}

package com.acme.hub.webhook;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Event id per docs/architecture.md (webhook ingress): the scheme's id if any, else Idempotency-Key, else X-Event-ID
 * header, else hex SHA-256 of the body.
 */
public final class EventIds {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String EVENT_ID = "X-Event-ID";

    private EventIds() {}

    /**
     * The body's digest comes last because it only deduplicates byte-identical redeliveries; a sender that re-renders
     * the body for a retry needs one of the ids before it.
     */
    public static String resolve(WebhookRequest request, Verification.Verified verified) {
        Objects.requireNonNull(verified, "verified");
        String schemeId = verified.eventId();
        if (schemeId != null && !schemeId.isBlank()) {
            return schemeId;
        }
        String idempotencyKey = Headers.value(request, IDEMPOTENCY_KEY);
        if (idempotencyKey != null) {
            return idempotencyKey;
        }
        String eventId = Headers.value(request, EVENT_ID);
        if (eventId != null) {
            return eventId;
        }
        return HexFormat.of().formatHex(sha256(request.body()));
    }

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}

package com.acme.hub.webhook;

import com.acme.hub.webhook.Verification.Verified;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The hub's own scheme for senders without one: {@code X-Signature: sha256=<hex>} over {@code timestamp + "." + body}
 * with {@code X-Timestamp} in unix seconds. Any body, JSON or not.
 */
final class GenericHmacScheme implements SigningScheme {

    static final String NAME = "hmac-sha256";
    static final String SIGNATURE = "X-Signature";
    static final String TIMESTAMP = "X-Timestamp";

    private static final String PREFIX = "sha256=";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean requiresJson() {
        return false;
    }

    @Override
    public Verification verify(WebhookRequest request, List<String> secrets, Duration tolerance, Instant now) {
        List<byte[]> keys = Hmac.utf8Keys(secrets);
        String signature = Headers.value(request, SIGNATURE);
        if (signature == null) {
            return Rejections.missingSignature(SIGNATURE);
        }
        String timestampText = Headers.value(request, TIMESTAMP);
        if (timestampText == null) {
            return Rejections.missingTimestamp(TIMESTAMP);
        }
        OptionalLong timestamp = SignedTimestamp.parse(timestampText);
        if (timestamp.isEmpty()) {
            return Rejections.unreadableTimestamp(TIMESTAMP);
        }
        if (!signature.startsWith(PREFIX)) {
            return Rejections.invalidSignature(SIGNATURE, "not sha256=<hex>");
        }
        List<byte[]> presented =
                Hmac.fromHex(signature.substring(PREFIX.length())).stream().toList();
        if (presented.isEmpty()) {
            return Rejections.invalidSignature(SIGNATURE, "not sha256=<hex>");
        }
        if (!Hmac.matchesAny(keys, presented, signedPrefix(timestamp.getAsLong()), request.body())) {
            return Rejections.noSignatureMatched(SIGNATURE);
        }
        // Checked after the signature, so only a holder of the secret learns that the timestamp was the problem
        if (!SignedTimestamp.within(timestamp.getAsLong(), tolerance, now)) {
            return Rejections.timestampOutOfTolerance(TIMESTAMP);
        }
        return new Verified(null);
    }

    /** Sends {@code X-Event-ID} when given an id: the scheme signs none, and that is the header the ingress reads. */
    @Override
    public Map<String, String> sign(String secret, String eventId, Instant timestamp, byte[] body) {
        long seconds = timestamp.getEpochSecond();
        byte[] mac = Hmac.sha256(Hmac.utf8Key(secret), signedPrefix(seconds), body);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(SIGNATURE, PREFIX + HexFormat.of().formatHex(mac));
        headers.put(TIMESTAMP, Long.toString(seconds));
        if (eventId != null) {
            headers.put(EventIds.EVENT_ID, eventId);
        }
        return Map.copyOf(headers);
    }

    private static byte[] signedPrefix(long timestamp) {
        return (timestamp + ".").getBytes(StandardCharsets.UTF_8);
    }
}

package com.acme.hub.webhook;

import com.acme.hub.webhook.Verification.Verified;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** Standard Webhooks (standardwebhooks.com), symmetric {@code v1} signatures. */
final class StandardWebhooksScheme implements SigningScheme {

    static final String NAME = "standard-webhooks";
    static final String ID = "webhook-id";
    static final String TIMESTAMP = "webhook-timestamp";
    static final String SIGNATURE = "webhook-signature";

    private static final String SECRET_PREFIX = "whsec_";
    private static final String VERSION = "v1,";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean requiresJson() {
        return true;
    }

    @Override
    public Verification verify(WebhookRequest request, List<String> secrets, Duration tolerance, Instant now) {
        List<byte[]> keys = Hmac.requireSecrets(secrets).stream()
                .map(StandardWebhooksScheme::key)
                .toList();
        String signature = Headers.value(request, SIGNATURE);
        if (signature == null) {
            return Rejections.missingSignature(SIGNATURE);
        }
        String id = Headers.value(request, ID);
        if (id == null) {
            return Rejections.missingEventId(ID);
        }
        String timestampText = Headers.value(request, TIMESTAMP);
        if (timestampText == null) {
            return Rejections.missingTimestamp(TIMESTAMP);
        }
        OptionalLong timestamp = SignedTimestamp.parse(timestampText);
        if (timestamp.isEmpty()) {
            return Rejections.unreadableTimestamp(TIMESTAMP);
        }
        List<byte[]> presented = v1Signatures(signature);
        if (presented.isEmpty()) {
            return Rejections.invalidSignature(SIGNATURE, "no v1 signature");
        }
        if (!Hmac.matchesAny(keys, presented, signedPrefix(id, timestamp.getAsLong()), request.body())) {
            return Rejections.noSignatureMatched(SIGNATURE);
        }
        // Checked after the signature, so only a holder of the secret learns that the timestamp was the problem
        if (!SignedTimestamp.within(timestamp.getAsLong(), tolerance, now)) {
            return Rejections.timestampOutOfTolerance(TIMESTAMP);
        }
        return new Verified(id);
    }

    @Override
    public Map<String, String> sign(String secret, String eventId, Instant timestamp, byte[] body) {
        if (eventId == null || eventId.isBlank()) {
            throw new IllegalArgumentException(NAME + " needs an event id to sign");
        }
        long seconds = timestamp.getEpochSecond();
        byte[] mac = Hmac.sha256(key(secret), signedPrefix(eventId, seconds), body);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(ID, eventId);
        headers.put(TIMESTAMP, Long.toString(seconds));
        headers.put(SIGNATURE, VERSION + Base64.getEncoder().encodeToString(mac));
        return Map.copyOf(headers);
    }

    /**
     * The spec's reference libraries sign the timestamp re-rendered from its parsed value, so a zero-padded header
     * still verifies the way it does there.
     */
    private static byte[] signedPrefix(String id, long timestamp) {
        return (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
    }

    /** Entries of other versions (asymmetric {@code v1a}, future ones) are skipped, as the spec asks. */
    private static List<byte[]> v1Signatures(String header) {
        List<byte[]> signatures = new ArrayList<>();
        for (String entry : header.split(" ")) {
            if (entry.startsWith(VERSION)) {
                Hmac.fromBase64(entry.substring(VERSION.length())).ifPresent(signatures::add);
            }
        }
        return signatures;
    }

    /** The key is the base64 after {@code whsec_}; the prefix is optional because some providers hand out bare keys. */
    private static byte[] key(String secret) {
        Hmac.requireSecret(secret);
        String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        byte[] key;
        try {
            key = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            // The decoder's message quotes the offending character, which is part of the secret
            throw new IllegalArgumentException(NAME + " secret is not base64 after the optional whsec_ prefix");
        }
        if (key.length == 0) {
            throw new IllegalArgumentException(NAME + " secret decodes to an empty key");
        }
        return key;
    }
}

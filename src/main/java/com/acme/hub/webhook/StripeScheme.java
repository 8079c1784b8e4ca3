package com.acme.hub.webhook;

import com.acme.hub.webhook.Verification.Verified;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Stripe webhooks: {@code Stripe-Signature: t=<unix>,v1=<hex>,...}, HMAC-SHA256 of {@code t + "." + body} keyed with
 * the whole endpoint secret, {@code whsec_} included. The event id is the payload's {@code id}.
 */
final class StripeScheme implements SigningScheme {

    static final String NAME = "stripe";
    static final String SIGNATURE = "Stripe-Signature";
    static final String PAYLOAD_ID = "id";

    private static final String TIMESTAMP_KEY = "t";
    private static final String SIGNATURE_KEY = "v1";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

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
        List<byte[]> keys = Hmac.utf8Keys(secrets);
        String header = Headers.value(request, SIGNATURE);
        if (header == null) {
            return Rejections.missingSignature(SIGNATURE);
        }
        String timestampText = null;
        List<byte[]> presented = new ArrayList<>();
        boolean anySignature = false;
        for (String item : header.split(",")) {
            int equals = item.indexOf('=');
            if (equals < 0) {
                return Rejections.invalidSignature(SIGNATURE, "not t=<unix>,v1=<hex>");
            }
            String key = item.substring(0, equals).strip();
            String value = item.substring(equals + 1).strip();
            if (key.equals(TIMESTAMP_KEY)) {
                if (timestampText != null) {
                    return Rejections.invalidSignature(SIGNATURE, "more than one t");
                }
                timestampText = value;
            } else if (key.equals(SIGNATURE_KEY)) {
                anySignature = true;
                Hmac.fromHex(value).ifPresent(presented::add);
            }
        }
        if (timestampText == null) {
            return Rejections.missingTimestamp(SIGNATURE);
        }
        OptionalLong timestamp = SignedTimestamp.parse(timestampText);
        if (timestamp.isEmpty()) {
            return Rejections.unreadableTimestamp(SIGNATURE);
        }
        if (!anySignature) {
            return Rejections.invalidSignature(SIGNATURE, "no v1 signature");
        }
        if (!Hmac.matchesAny(keys, presented, signedPrefix(timestamp.getAsLong()), request.body())) {
            return Rejections.noSignatureMatched(SIGNATURE);
        }
        // Checked after the signature, so only a holder of the secret learns that the timestamp was the problem
        if (!SignedTimestamp.within(timestamp.getAsLong(), tolerance, now)) {
            return Rejections.timestampOutOfTolerance(SIGNATURE);
        }
        // Parsed only once authentic: unauthenticated bodies never reach the JSON parser
        return eventId(request.body());
    }

    @Override
    public Map<String, String> sign(String secret, String eventId, Instant timestamp, byte[] body) {
        long seconds = timestamp.getEpochSecond();
        byte[] mac = Hmac.sha256(Hmac.utf8Key(secret), signedPrefix(seconds), body);
        return Map.of(
                SIGNATURE,
                TIMESTAMP_KEY + "=" + seconds + "," + SIGNATURE_KEY + "="
                        + HexFormat.of().formatHex(mac));
    }

    /** Stripe's libraries sign the parsed timestamp, not the header's text. */
    private static byte[] signedPrefix(long timestamp) {
        return (timestamp + ".").getBytes(StandardCharsets.UTF_8);
    }

    private static Verification eventId(byte[] body) {
        JsonNode payload;
        try {
            payload = JSON.readTree(body);
        } catch (IOException e) {
            return Rejections.invalidPayload("body", "body is not JSON");
        }
        JsonNode id = payload.get(PAYLOAD_ID);
        if (id == null || !id.isTextual() || id.asText().isBlank()) {
            return Rejections.invalidPayload(PAYLOAD_ID, "payload has no top-level id");
        }
        return new Verified(id.asText());
    }
}

package com.acme.hub.webhook;

import com.acme.hub.webhook.Verification.Verified;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Shopify webhooks: {@code X-Shopify-Hmac-Sha256}, base64 HMAC-SHA256 of the body, no timestamp. */
final class ShopifyScheme implements SigningScheme {

    static final String NAME = "shopify";
    static final String SIGNATURE = "X-Shopify-Hmac-Sha256";
    static final String WEBHOOK_ID = "X-Shopify-Webhook-Id";

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
        String signature = Headers.value(request, SIGNATURE);
        if (signature == null) {
            return Rejections.missingSignature(SIGNATURE);
        }
        List<byte[]> presented = Hmac.fromBase64(signature).stream().toList();
        if (presented.isEmpty()) {
            return Rejections.invalidSignature(SIGNATURE, "not base64");
        }
        if (!Hmac.matchesAny(keys, presented, request.body())) {
            return Rejections.noSignatureMatched(SIGNATURE);
        }
        return new Verified(Headers.value(request, WEBHOOK_ID));
    }

    @Override
    public Map<String, String> sign(String secret, String eventId, Instant timestamp, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(SIGNATURE, Base64.getEncoder().encodeToString(Hmac.sha256(Hmac.utf8Key(secret), body)));
        if (eventId != null) {
            headers.put(WEBHOOK_ID, eventId);
        }
        return Map.copyOf(headers);
    }
}

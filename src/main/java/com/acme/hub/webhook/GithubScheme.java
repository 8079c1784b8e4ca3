package com.acme.hub.webhook;

import com.acme.hub.webhook.Verification.Verified;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** GitHub webhooks: {@code X-Hub-Signature-256}, HMAC-SHA256 of the body, no timestamp. */
final class GithubScheme implements SigningScheme {

    static final String NAME = "github";
    static final String SIGNATURE = "X-Hub-Signature-256";
    static final String DELIVERY = "X-GitHub-Delivery";

    private static final String PREFIX = "sha256=";

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
        if (!signature.startsWith(PREFIX)) {
            return Rejections.invalidSignature(SIGNATURE, "not sha256=<hex>");
        }
        List<byte[]> presented =
                Hmac.fromHex(signature.substring(PREFIX.length())).stream().toList();
        if (presented.isEmpty()) {
            return Rejections.invalidSignature(SIGNATURE, "not sha256=<hex>");
        }
        if (!Hmac.matchesAny(keys, presented, request.body())) {
            return Rejections.noSignatureMatched(SIGNATURE);
        }
        return new Verified(Headers.value(request, DELIVERY));
    }

    @Override
    public Map<String, String> sign(String secret, String eventId, Instant timestamp, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(SIGNATURE, PREFIX + HexFormat.of().formatHex(Hmac.sha256(Hmac.utf8Key(secret), body)));
        if (eventId != null) {
            headers.put(DELIVERY, eventId);
        }
        return Map.copyOf(headers);
    }
}

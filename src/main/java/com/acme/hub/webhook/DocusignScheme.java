package com.acme.hub.webhook;

import com.acme.hub.webhook.Verification.Verified;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * DocuSign Connect HMAC: one {@code X-DocuSign-Signature-<n>} header per key active at DocuSign, each the base64
 * HMAC-SHA256 of the body. No timestamp and no event id in the headers.
 */
final class DocusignScheme implements SigningScheme {

    static final String NAME = "docusign";
    static final String SIGNATURE_PREFIX = "X-DocuSign-Signature-";

    /**
     * Headers are numbered by key slot and a removed key can leave a gap, so every slot up to the most keys an account
     * can hold is looked at; that costs header lookups only, the MACs are computed once per secret.
     */
    private static final int MAX_SIGNATURES = 100;

    private static final String FIRST_SIGNATURE = SIGNATURE_PREFIX + 1;

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
        boolean anySignature = false;
        List<byte[]> presented = new ArrayList<>();
        for (int slot = 1; slot <= MAX_SIGNATURES; slot++) {
            String signature = Headers.value(request, SIGNATURE_PREFIX + slot);
            if (signature != null) {
                anySignature = true;
                Hmac.fromBase64(signature).ifPresent(presented::add);
            }
        }
        if (!anySignature) {
            return Rejections.missingSignature(FIRST_SIGNATURE);
        }
        if (presented.isEmpty()) {
            return Rejections.invalidSignature(FIRST_SIGNATURE, "not base64");
        }
        if (!Hmac.matchesAny(keys, presented, request.body())) {
            return Rejections.noSignatureMatched(FIRST_SIGNATURE);
        }
        return new Verified(null);
    }

    @Override
    public Map<String, String> sign(String secret, String eventId, Instant timestamp, byte[] body) {
        return Map.of(FIRST_SIGNATURE, Base64.getEncoder().encodeToString(Hmac.sha256(Hmac.utf8Key(secret), body)));
    }
}

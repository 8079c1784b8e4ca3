package com.acme.hub.webhook;

import static com.acme.hub.webhook.TestSignatures.NOW;
import static com.acme.hub.webhook.TestSignatures.TOLERANCE;
import static com.acme.hub.webhook.TestSignatures.assertRejected;
import static com.acme.hub.webhook.TestSignatures.base64;
import static com.acme.hub.webhook.TestSignatures.hmacSha256;
import static com.acme.hub.webhook.TestSignatures.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.acme.hub.webhook.Verification.Verified;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShopifySchemeTest {

    private static final String SECRET = "shpss_client_secret";
    private static final String OLD_SECRET = "shpss_previous_client_secret";
    private static final String WEBHOOK_ID = "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043";
    private static final String BODY = "{\"id\":820982911946154508,\"email\":\"jon@example.com\"}";

    private final SignatureScheme scheme = SignatureSchemes.forName("shopify");

    private static Map<String, String> signedHeaders() {
        return Map.of("X-Shopify-Hmac-Sha256", base64(hmacSha256(SECRET, BODY)), "X-Shopify-Webhook-Id", WEBHOOK_ID);
    }

    @Test
    void signerMatchesAnIndependentlyComputedSignature() {
        Map<String, String> headers =
                WebhookSigner.sign("shopify", SECRET, WEBHOOK_ID, NOW, BODY.getBytes(StandardCharsets.UTF_8));

        assertThat(headers).isEqualTo(signedHeaders());
    }

    @Test
    void validSignatureVerifiesWithTheWebhookIdAsEventId() {
        Verification result = scheme.verify(request(signedHeaders(), BODY), List.of(SECRET), TOLERANCE, NOW);

        assertThat(result).isEqualTo(new Verified(WEBHOOK_ID));
    }

    @Test
    void tamperedBodyIsRejected() {
        Verification result =
                scheme.verify(request(signedHeaders(), BODY.replace("jon", "eve")), List.of(SECRET), TOLERANCE, NOW);

        assertRejected(result, 401, "INVALID_SIGNATURE", "X-Shopify-Hmac-Sha256");
    }

    @Test
    void wrongSecretIsRejected() {
        Verification result = scheme.verify(request(signedHeaders(), BODY), List.of(OLD_SECRET), TOLERANCE, NOW);

        assertRejected(result, 401, "INVALID_SIGNATURE", "X-Shopify-Hmac-Sha256");
    }

    @Test
    void githubStyleHexSignatureIsNotAShopifySignature() {
        Verification result = scheme.verify(
                request(
                        Map.of("X-Shopify-Hmac-Sha256", "sha256=" + TestSignatures.hex(hmacSha256(SECRET, BODY))),
                        BODY),
                List.of(SECRET),
                TOLERANCE,
                NOW);

        assertRejected(result, 401, "INVALID_SIGNATURE", "X-Shopify-Hmac-Sha256");
    }

    @Test
    void missingSignatureIsRejected() {
        Verification result = scheme.verify(
                request(Map.of("X-Shopify-Webhook-Id", WEBHOOK_ID), BODY), List.of(SECRET), TOLERANCE, NOW);

        assertRejected(result, 401, "MISSING_SIGNATURE", "X-Shopify-Hmac-Sha256");
    }

    @Test
    void rotatedSecretListVerifiesMessagesSignedWithEitherSecret() {
        List<String> rotation = List.of(OLD_SECRET, SECRET);
        for (String secret : rotation) {
            Map<String, String> headers =
                    WebhookSigner.sign("shopify", secret, WEBHOOK_ID, NOW, BODY.getBytes(StandardCharsets.UTF_8));

            assertThat(scheme.verify(request(headers, BODY), rotation, TOLERANCE, NOW))
                    .isEqualTo(new Verified(WEBHOOK_ID));
        }
    }

    @Test
    void headerNamesAreMatchedRegardlessOfCase() {
        Map<String, String> headers =
                Map.of("x-shopify-hmac-sha256", base64(hmacSha256(SECRET, BODY)), "x-shopify-webhook-id", WEBHOOK_ID);

        Verification result = scheme.verify(request(headers, BODY), List.of(SECRET), TOLERANCE, NOW);

        assertThat(result).isEqualTo(new Verified(WEBHOOK_ID));
    }
}

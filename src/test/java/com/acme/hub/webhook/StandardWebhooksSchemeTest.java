package com.acme.hub.webhook;

import static com.acme.hub.webhook.TestSignatures.NOW;
import static com.acme.hub.webhook.TestSignatures.TOLERANCE;
import static com.acme.hub.webhook.TestSignatures.assertRejected;
import static com.acme.hub.webhook.TestSignatures.base64;
import static com.acme.hub.webhook.TestSignatures.hmacSha256;
import static com.acme.hub.webhook.TestSignatures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.acme.hub.webhook.Verification.Verified;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StandardWebhooksSchemeTest {

    // The test vector of the Standard Webhooks specification and its reference libraries
    private static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final String SPEC_TIMESTAMP = "1614265330";
    private static final String SPEC_BODY = "{\"test\": 2432232314}";
    private static final String SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    private static final Instant SPEC_NOW = Instant.ofEpochSecond(Long.parseLong(SPEC_TIMESTAMP));

    private static final String OLD_SECRET =
            "whsec_" + base64("old-standard-webhooks-key".getBytes(StandardCharsets.UTF_8));
    private static final String NEW_SECRET =
            "whsec_" + base64("new-standard-webhooks-key".getBytes(StandardCharsets.UTF_8));
    private static final String BODY = "{\"type\":\"order.created\",\"id\":\"evt_01J9Z3\"}";

    private final SignatureScheme scheme = SignatureSchemes.forName("standard-webhooks");

    private static Map<String, String> specHeaders() {
        Map<String, String> headers = new HashMap<>();
        headers.put("webhook-id", SPEC_ID);
        headers.put("webhook-timestamp", SPEC_TIMESTAMP);
        headers.put("webhook-signature", SPEC_SIGNATURE);
        return headers;
    }

    private static String expectedSignature(String secret, String id, Instant timestamp, String body) {
        byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        return "v1," + base64(hmacSha256(key, id + "." + timestamp.getEpochSecond() + "." + body));
    }

    @Test
    void verifiesThePublishedSpecVector() {
        Verification result =
                scheme.verify(request(specHeaders(), SPEC_BODY), List.of(SPEC_SECRET), TOLERANCE, SPEC_NOW);

        assertThat(result).isEqualTo(new Verified(SPEC_ID));
    }

    @Test
    void signerReproducesThePublishedSpecVector() {
        Map<String, String> headers = WebhookSigner.sign(
                "standard-webhooks", SPEC_SECRET, SPEC_ID, SPEC_NOW, SPEC_BODY.getBytes(StandardCharsets.UTF_8));

        assertThat(headers).isEqualTo(specHeaders());
    }

    @Test
    void secretWithoutWhsecPrefixIsTheBase64KeyItself() {
        Verification result = scheme.verify(
                request(specHeaders(), SPEC_BODY), List.of("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), TOLERANCE, SPEC_NOW);

        assertThat(result).isEqualTo(new Verified(SPEC_ID));
    }

    @Test
    void signerMatchesAnIndependentlyComputedSignature() {
        Map<String, String> headers = WebhookSigner.sign(
                "standard-webhooks", NEW_SECRET, "msg_1", NOW, BODY.getBytes(StandardCharsets.UTF_8));

        assertThat(headers)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "webhook-id", "msg_1",
                        "webhook-timestamp", Long.toString(NOW.getEpochSecond()),
                        "webhook-signature", expectedSignature(NEW_SECRET, "msg_1", NOW, BODY)));
        assertThat(scheme.verify(request(headers, BODY), List.of(NEW_SECRET), TOLERANCE, NOW))
                .isEqualTo(new Verified("msg_1"));
    }

    @Test
    void tamperedBodyIsRejected() {
        Verification result = scheme.verify(
                request(specHeaders(), "{\"test\": 2432232315}"), List.of(SPEC_SECRET), TOLERANCE, SPEC_NOW);

        assertRejected(result, 401, "INVALID_SIGNATURE", "webhook-signature");
    }

    @Test
    void signatureIsBoundToTheId() {
        Map<String, String> headers = specHeaders();
        headers.put("webhook-id", "msg_other");

        Verification result = scheme.verify(request(headers, SPEC_BODY), List.of(SPEC_SECRET), TOLERANCE, SPEC_NOW);

        assertRejected(result, 401, "INVALID_SIGNATURE", "webhook-signature");
    }

    @Test
    void wrongSecretIsRejected() {
        Verification result =
                scheme.verify(request(specHeaders(), SPEC_BODY), List.of(OLD_SECRET), TOLERANCE, SPEC_NOW);

        assertRejected(result, 401, "INVALID_SIGNATURE", "webhook-signature");
    }

    @Test
    void rotatedSecretListVerifiesMessagesSignedWithEitherSecret() {
        List<String> rotation = List.of(OLD_SECRET, NEW_SECRET);
        for (String secret : rotation) {
            Map<String, String> headers = WebhookSigner.sign(
                    "standard-webhooks", secret, "msg_r", NOW, BODY.getBytes(StandardCharsets.UTF_8));

            assertThat(scheme.verify(request(headers, BODY), rotation, TOLERANCE, NOW))
                    .isEqualTo(new Verified("msg_r"));
        }
    }

    @Test
    void oneValidSignatureAmongSeveralVersionsAndKeysVerifies() {
        Map<String, String> headers = specHeaders();
        headers.put(
                "webhook-signature",
                "v1a,c29tZS1hc3ltbWV0cmljLXNpZ25hdHVyZQ== v1,bm90LXRoZS1yaWdodC1tYWM= v1,%%% v2,abc " + SPEC_SIGNATURE);

        Verification result = scheme.verify(request(headers, SPEC_BODY), List.of(SPEC_SECRET), TOLERANCE, SPEC_NOW);

        assertThat(result).isEqualTo(new Verified(SPEC_ID));
    }

    @Test
    void signatureOfAnotherVersionOnlyIsInvalid() {
        Map<String, String> headers = specHeaders();
        headers.put("webhook-signature", SPEC_SIGNATURE.replace("v1,", "v2,"));

        Verification result = scheme.verify(request(headers, SPEC_BODY), List.of(SPEC_SECRET), TOLERANCE, SPEC_NOW);

        assertRejected(result, 401, "INVALID_SIGNATURE", "webhook-signature");
    }

    @Test
    void missingSignatureIsRejected() {
        Map<String, String> headers = specHeaders();
        headers.remove("webhook-signature");

        Verification result = scheme.verify(request(headers, SPEC_BODY), List.of(SPEC_SECRET), TOLERANCE, SPEC_NOW);

        assertRejected(result, 401, "MISSING_SIGNATURE", "webhook-signature");
    }

    @Test
    void missingWebhookIdIsRejected() {
        Map<String, String> headers = specHeaders();
        headers.remove("webhook-id");

        Verification result = scheme.verify(request(headers, SPEC_BODY), List.of(SPEC_SECRET), TOLERANCE, SPEC_NOW);

        assertRejected(result, 401, "MISSING_EVENT_ID", "webhook-id");
    }

    @Test
    void missingTimestampIsRejected() {
        Map<String, String> headers = specHeaders();
        headers.remove("webhook-timestamp");

        Verification result = scheme.verify(request(headers, SPEC_BODY), List.of(SPEC_SECRET), TOLERANCE, SPEC_NOW);

        assertRejected(result, 401, "MISSING_TIMESTAMP", "webhook-timestamp");
    }

    @Test
    void nonNumericTimestampCountsAsMissing() {
        for (String timestamp : List.of("1614265330.5", "-1614265330", "2021-02-25T15:02:10Z", "１６１４２６５３３０")) {
            Map<String, String> headers = specHeaders();
            headers.put("webhook-timestamp", timestamp);

            Verification result = scheme.verify(request(headers, SPEC_BODY), List.of(SPEC_SECRET), TOLERANCE, SPEC_NOW);

            assertRejected(result, 401, "MISSING_TIMESTAMP", "webhook-timestamp");
        }
    }

    @Test
    void timestampExactlyAtTheToleranceStillVerifies() {
        WebhookRequest request = request(specHeaders(), SPEC_BODY);

        assertThat(scheme.verify(request, List.of(SPEC_SECRET), TOLERANCE, SPEC_NOW.plus(TOLERANCE)))
                .isEqualTo(new Verified(SPEC_ID));
        assertThat(scheme.verify(request, List.of(SPEC_SECRET), TOLERANCE, SPEC_NOW.minus(TOLERANCE)))
                .isEqualTo(new Verified(SPEC_ID));
    }

    @Test
    void expiredTimestampIsRejected() {
        Verification result = scheme.verify(
                request(specHeaders(), SPEC_BODY),
                List.of(SPEC_SECRET),
                TOLERANCE,
                SPEC_NOW.plus(TOLERANCE).plusSeconds(1));

        assertRejected(result, 401, "TIMESTAMP_OUT_OF_TOLERANCE", "webhook-timestamp");
    }

    @Test
    void timestampTooFarInTheFutureIsRejected() {
        Verification result = scheme.verify(
                request(specHeaders(), SPEC_BODY),
                List.of(SPEC_SECRET),
                TOLERANCE,
                SPEC_NOW.minus(TOLERANCE).minusSeconds(1));

        assertRejected(result, 401, "TIMESTAMP_OUT_OF_TOLERANCE", "webhook-timestamp");
    }

    @Test
    void timestampBeyondTheRangeOfInstantIsOutOfTolerance() {
        Map<String, String> headers = WebhookSigner.sign(
                "standard-webhooks", NEW_SECRET, "msg_far", NOW, BODY.getBytes(StandardCharsets.UTF_8));
        String farFuture = Long.toString(Long.MAX_VALUE);
        byte[] key = Base64.getDecoder().decode(NEW_SECRET.substring("whsec_".length()));
        Map<String, String> forged = new HashMap<>(headers);
        forged.put("webhook-timestamp", farFuture);
        forged.put("webhook-signature", "v1," + base64(hmacSha256(key, "msg_far." + farFuture + "." + BODY)));

        Verification result = scheme.verify(request(forged, BODY), List.of(NEW_SECRET), TOLERANCE, NOW);

        assertRejected(result, 401, "TIMESTAMP_OUT_OF_TOLERANCE", "webhook-timestamp");
    }

    @Test
    void headerNamesAreMatchedRegardlessOfCase() {
        Map<String, String> headers = Map.of(
                "Webhook-Id", SPEC_ID,
                "WEBHOOK-TIMESTAMP", SPEC_TIMESTAMP,
                "Webhook-Signature", SPEC_SIGNATURE);

        Verification result = scheme.verify(request(headers, SPEC_BODY), List.of(SPEC_SECRET), TOLERANCE, SPEC_NOW);

        assertThat(result).isEqualTo(new Verified(SPEC_ID));
    }

    @Test
    void secretThatIsNotBase64IsAConfigurationErrorThatDoesNotEchoTheSecret() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> scheme.verify(
                        request(specHeaders(), SPEC_BODY), List.of("whsec_not-base64!"), TOLERANCE, SPEC_NOW))
                .withMessageNotContaining("not-base64!");
    }

    @Test
    void signingWithoutAnEventIdIsRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> WebhookSigner.sign(
                        "standard-webhooks", SPEC_SECRET, null, SPEC_NOW, SPEC_BODY.getBytes(StandardCharsets.UTF_8)));
    }
}

package com.acme.hub.webhook;

import static com.acme.hub.webhook.TestSignatures.NOW;
import static com.acme.hub.webhook.TestSignatures.TOLERANCE;
import static com.acme.hub.webhook.TestSignatures.assertRejected;
import static com.acme.hub.webhook.TestSignatures.hex;
import static com.acme.hub.webhook.TestSignatures.hmacSha256;
import static com.acme.hub.webhook.TestSignatures.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.acme.hub.webhook.Verification.Verified;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StripeSchemeTest {

    private static final String SECRET = "whsec_stripe_endpoint_secret";
    private static final String OLD_SECRET = "whsec_stripe_previous_secret";
    private static final String BODY = "{\"id\":\"evt_1NG8Du2eZvKYlo2CUI79vXWy\",\"object\":\"event\"}";
    private static final String EVENT_ID = "evt_1NG8Du2eZvKYlo2CUI79vXWy";

    private final SignatureScheme scheme = SignatureSchemes.forName("stripe");

    /** Stripe keys the MAC with the whole endpoint secret as text, whsec_ prefix included. */
    private static String v1(String secret, Instant timestamp, String body) {
        return hex(hmacSha256(secret, timestamp.getEpochSecond() + "." + body));
    }

    private static WebhookRequest withSignature(String header, String body) {
        return request(Map.of("Stripe-Signature", header), body);
    }

    private static String t(Instant timestamp) {
        return "t=" + timestamp.getEpochSecond();
    }

    @Test
    void signerMatchesAnIndependentlyComputedSignature() {
        Map<String, String> headers =
                WebhookSigner.sign("stripe", SECRET, EVENT_ID, NOW, BODY.getBytes(StandardCharsets.UTF_8));

        assertThat(headers).isEqualTo(Map.of("Stripe-Signature", t(NOW) + ",v1=" + v1(SECRET, NOW, BODY)));
    }

    @Test
    void validSignatureVerifiesWithThePayloadIdAsEventId() {
        Verification result = scheme.verify(
                withSignature(t(NOW) + ",v1=" + v1(SECRET, NOW, BODY), BODY), List.of(SECRET), TOLERANCE, NOW);

        assertThat(result).isEqualTo(new Verified(EVENT_ID));
    }

    @Test
    void oneValidSignatureAmongSeveralVerifiesAndV0IsIgnored() {
        String header = t(NOW) + ",v1=" + v1(OLD_SECRET, NOW, BODY) + ",v0=" + v1(SECRET, NOW, BODY) + ",v1=zz,v1="
                + v1(SECRET, NOW, BODY);

        Verification result = scheme.verify(withSignature(header, BODY), List.of(SECRET), TOLERANCE, NOW);

        assertThat(result).isEqualTo(new Verified(EVENT_ID));
    }

    @Test
    void onlyAV0SignatureIsInvalid() {
        Verification result = scheme.verify(
                withSignature(t(NOW) + ",v0=" + v1(SECRET, NOW, BODY), BODY), List.of(SECRET), TOLERANCE, NOW);

        assertRejected(result, 401, "INVALID_SIGNATURE", "Stripe-Signature");
    }

    @Test
    void tamperedBodyIsRejected() {
        String tampered = BODY.replace("event", "evemt");

        Verification result = scheme.verify(
                withSignature(t(NOW) + ",v1=" + v1(SECRET, NOW, BODY), tampered), List.of(SECRET), TOLERANCE, NOW);

        assertRejected(result, 401, "INVALID_SIGNATURE", "Stripe-Signature");
    }

    @Test
    void signatureIsBoundToTheTimestamp() {
        Verification result = scheme.verify(
                withSignature(t(NOW.plusSeconds(1)) + ",v1=" + v1(SECRET, NOW, BODY), BODY),
                List.of(SECRET),
                TOLERANCE,
                NOW);

        assertRejected(result, 401, "INVALID_SIGNATURE", "Stripe-Signature");
    }

    @Test
    void missingHeaderIsAMissingSignature() {
        Verification result = scheme.verify(request(Map.of(), BODY), List.of(SECRET), TOLERANCE, NOW);

        assertRejected(result, 401, "MISSING_SIGNATURE", "Stripe-Signature");
    }

    @Test
    void headerWithoutTimestampIsAMissingTimestamp() {
        Verification result =
                scheme.verify(withSignature("v1=" + v1(SECRET, NOW, BODY), BODY), List.of(SECRET), TOLERANCE, NOW);

        assertRejected(result, 401, "MISSING_TIMESTAMP", "Stripe-Signature");
    }

    @Test
    void nonNumericTimestampCountsAsMissing() {
        Verification result = scheme.verify(
                withSignature("t=yesterday,v1=" + v1(SECRET, NOW, BODY), BODY), List.of(SECRET), TOLERANCE, NOW);

        assertRejected(result, 401, "MISSING_TIMESTAMP", "Stripe-Signature");
    }

    @Test
    void malformedHeaderIsAnInvalidSignature() {
        for (String header : List.of("garbage", t(NOW) + "," + t(NOW) + ",v1=" + v1(SECRET, NOW, BODY))) {
            Verification result = scheme.verify(withSignature(header, BODY), List.of(SECRET), TOLERANCE, NOW);

            assertRejected(result, 401, "INVALID_SIGNATURE", "Stripe-Signature");
        }
    }

    @Test
    void expiredTimestampIsRejected() {
        Instant signedAt = NOW.minus(TOLERANCE).minusSeconds(1);

        Verification result = scheme.verify(
                withSignature(t(signedAt) + ",v1=" + v1(SECRET, signedAt, BODY), BODY),
                List.of(SECRET),
                TOLERANCE,
                NOW);

        assertRejected(result, 401, "TIMESTAMP_OUT_OF_TOLERANCE", "Stripe-Signature");
    }

    @Test
    void timestampWithinToleranceVerifies() {
        Instant signedAt = NOW.minus(TOLERANCE);

        Verification result = scheme.verify(
                withSignature(t(signedAt) + ",v1=" + v1(SECRET, signedAt, BODY), BODY),
                List.of(SECRET),
                TOLERANCE,
                NOW);

        assertThat(result).isEqualTo(new Verified(EVENT_ID));
    }

    @Test
    void rotatedSecretListVerifiesMessagesSignedWithEitherSecret() {
        List<String> rotation = List.of(OLD_SECRET, SECRET);
        for (String secret : rotation) {
            Map<String, String> headers =
                    WebhookSigner.sign("stripe", secret, null, NOW, BODY.getBytes(StandardCharsets.UTF_8));

            assertThat(scheme.verify(request(headers, BODY), rotation, TOLERANCE, NOW))
                    .isEqualTo(new Verified(EVENT_ID));
        }
    }

    @Test
    void authenticBodyThatIsNotJsonIsAnInvalidPayload() {
        String body = "id=evt_1";

        Verification result = scheme.verify(
                withSignature(t(NOW) + ",v1=" + v1(SECRET, NOW, body), body), List.of(SECRET), TOLERANCE, NOW);

        assertRejected(result, 400, "INVALID_PAYLOAD", "body");
    }

    @Test
    void authenticJsonWithoutATextualTopLevelIdIsAnInvalidPayload() {
        for (String body : List.of(
                "{\"object\":\"event\",\"data\":{\"id\":\"evt_nested\"}}",
                "{\"id\":42}",
                "{\"id\":\"  \"}",
                "[\"evt_1\"]",
                "{\"id\":\"evt_1\"} trailing",
                "")) {
            Verification result = scheme.verify(
                    withSignature(t(NOW) + ",v1=" + v1(SECRET, NOW, body), body), List.of(SECRET), TOLERANCE, NOW);

            assertThat(result).as(body).isInstanceOfSatisfying(Verification.Rejected.class, rejected -> {
                assertThat(rejected.status()).isEqualTo(400);
                assertThat(rejected.code()).isEqualTo("INVALID_PAYLOAD");
            });
        }
    }

    @Test
    void unsignedBodyIsRejectedForItsSignatureBeforeItsPayloadIsRead() {
        Verification result = scheme.verify(
                withSignature(t(NOW) + ",v1=" + v1(OLD_SECRET, NOW, "not json"), "not json"),
                List.of(SECRET),
                TOLERANCE,
                NOW);

        assertRejected(result, 401, "INVALID_SIGNATURE", "Stripe-Signature");
    }

    @Test
    void headerNameIsMatchedRegardlessOfCase() {
        Verification result = scheme.verify(
                request(Map.of("stripe-signature", t(NOW) + ",v1=" + v1(SECRET, NOW, BODY)), BODY),
                List.of(SECRET),
                TOLERANCE,
                NOW);

        assertThat(result).isEqualTo(new Verified(EVENT_ID));
    }
}

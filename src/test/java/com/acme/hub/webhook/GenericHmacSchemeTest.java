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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GenericHmacSchemeTest {

    private static final String SECRET = "generic-sender-secret";
    private static final String OLD_SECRET = "generic-sender-previous-secret";
    private static final String BODY = "order=SO-1001&status=booked";

    private final SignatureScheme scheme = SignatureSchemes.forName("hmac-sha256");

    private static Map<String, String> signedHeaders(String secret, Instant timestamp, String body) {
        Map<String, String> headers = new HashMap<>();
        headers.put("X-Signature", "sha256=" + hex(hmacSha256(secret, timestamp.getEpochSecond() + "." + body)));
        headers.put("X-Timestamp", Long.toString(timestamp.getEpochSecond()));
        return headers;
    }

    @Test
    void signerMatchesAnIndependentlyComputedSignatureAndSendsTheEventIdAsXEventId() {
        Map<String, String> headers =
                WebhookSigner.sign("hmac-sha256", SECRET, "evt-9", NOW, BODY.getBytes(StandardCharsets.UTF_8));

        Map<String, String> expected = signedHeaders(SECRET, NOW, BODY);
        expected.put("X-Event-ID", "evt-9");
        assertThat(headers).isEqualTo(expected);
    }

    @Test
    void validSignatureOverANonJsonBodyVerifiesWithoutAnEventId() {
        Verification result =
                scheme.verify(request(signedHeaders(SECRET, NOW, BODY), BODY), List.of(SECRET), TOLERANCE, NOW);

        assertThat(result).isEqualTo(new Verified(null));
    }

    @Test
    void tamperedBodyIsRejected() {
        Verification result = scheme.verify(
                request(signedHeaders(SECRET, NOW, BODY), BODY.replace("booked", "cancelled")),
                List.of(SECRET),
                TOLERANCE,
                NOW);

        assertRejected(result, 401, "INVALID_SIGNATURE", "X-Signature");
    }

    @Test
    void signatureIsBoundToTheTimestamp() {
        Map<String, String> headers = signedHeaders(SECRET, NOW, BODY);
        headers.put("X-Timestamp", Long.toString(NOW.getEpochSecond() + 1));

        Verification result = scheme.verify(request(headers, BODY), List.of(SECRET), TOLERANCE, NOW);

        assertRejected(result, 401, "INVALID_SIGNATURE", "X-Signature");
    }

    @Test
    void signatureWithoutTheSha256PrefixIsInvalid() {
        Map<String, String> headers = signedHeaders(SECRET, NOW, BODY);
        headers.put("X-Signature", headers.get("X-Signature").substring("sha256=".length()));

        Verification result = scheme.verify(request(headers, BODY), List.of(SECRET), TOLERANCE, NOW);

        assertRejected(result, 401, "INVALID_SIGNATURE", "X-Signature");
    }

    @Test
    void missingSignatureIsRejected() {
        Map<String, String> headers = signedHeaders(SECRET, NOW, BODY);
        headers.remove("X-Signature");

        Verification result = scheme.verify(request(headers, BODY), List.of(SECRET), TOLERANCE, NOW);

        assertRejected(result, 401, "MISSING_SIGNATURE", "X-Signature");
    }

    @Test
    void missingTimestampIsRejected() {
        Map<String, String> headers = signedHeaders(SECRET, NOW, BODY);
        headers.remove("X-Timestamp");

        Verification result = scheme.verify(request(headers, BODY), List.of(SECRET), TOLERANCE, NOW);

        assertRejected(result, 401, "MISSING_TIMESTAMP", "X-Timestamp");
    }

    @Test
    void nonNumericTimestampCountsAsMissing() {
        Map<String, String> headers = signedHeaders(SECRET, NOW, BODY);
        headers.put("X-Timestamp", NOW.toString());

        Verification result = scheme.verify(request(headers, BODY), List.of(SECRET), TOLERANCE, NOW);

        assertRejected(result, 401, "MISSING_TIMESTAMP", "X-Timestamp");
    }

    @Test
    void expiredTimestampIsRejected() {
        Instant signedAt = NOW.minus(TOLERANCE).minusSeconds(1);

        Verification result =
                scheme.verify(request(signedHeaders(SECRET, signedAt, BODY), BODY), List.of(SECRET), TOLERANCE, NOW);

        assertRejected(result, 401, "TIMESTAMP_OUT_OF_TOLERANCE", "X-Timestamp");
    }

    @Test
    void forgedSignatureWithAnExpiredTimestampIsReportedAsAnInvalidSignature() {
        Instant signedAt = NOW.minus(TOLERANCE).minusSeconds(1);

        Verification result = scheme.verify(
                request(signedHeaders(OLD_SECRET, signedAt, BODY), BODY), List.of(SECRET), TOLERANCE, NOW);

        assertRejected(result, 401, "INVALID_SIGNATURE", "X-Signature");
    }

    @Test
    void rotatedSecretListVerifiesMessagesSignedWithEitherSecret() {
        List<String> rotation = List.of(OLD_SECRET, SECRET);
        for (String secret : rotation) {
            Map<String, String> headers =
                    WebhookSigner.sign("hmac-sha256", secret, null, NOW, BODY.getBytes(StandardCharsets.UTF_8));

            assertThat(scheme.verify(request(headers, BODY), rotation, TOLERANCE, NOW))
                    .isEqualTo(new Verified(null));
        }
    }

    @Test
    void headerNamesAreMatchedRegardlessOfCase() {
        Map<String, String> signed = signedHeaders(SECRET, NOW, BODY);
        Map<String, String> headers =
                Map.of("x-signature", signed.get("X-Signature"), "x-timestamp", signed.get("X-Timestamp"));

        Verification result = scheme.verify(request(headers, BODY), List.of(SECRET), TOLERANCE, NOW);

        assertThat(result).isEqualTo(new Verified(null));
    }
}

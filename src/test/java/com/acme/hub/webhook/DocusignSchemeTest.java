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

class DocusignSchemeTest {

    private static final String SECRET = "docusign-connect-key-one";
    private static final String OTHER_SECRET = "docusign-connect-key-two";
    private static final String BODY = "{\"event\":\"envelope-completed\",\"data\":{\"envelopeId\":\"e-1\"}}";

    private final SignatureScheme scheme = SignatureSchemes.forName("docusign");

    private static String signature(String secret, String body) {
        return base64(hmacSha256(secret, body));
    }

    @Test
    void signerMatchesAnIndependentlyComputedSignature() {
        Map<String, String> headers =
                WebhookSigner.sign("docusign", SECRET, "ignored", NOW, BODY.getBytes(StandardCharsets.UTF_8));

        assertThat(headers).isEqualTo(Map.of("X-DocuSign-Signature-1", signature(SECRET, BODY)));
    }

    @Test
    void validSignatureVerifiesWithoutAnEventId() {
        Verification result = scheme.verify(
                request(Map.of("X-DocuSign-Signature-1", signature(SECRET, BODY)), BODY),
                List.of(SECRET),
                TOLERANCE,
                NOW);

        assertThat(result).isEqualTo(new Verified(null));
    }

    @Test
    void anyNumberedHeaderMayCarryTheMatchingSignature() {
        Map<String, String> headers = Map.of(
                "X-DocuSign-Signature-1", signature(OTHER_SECRET, BODY),
                "X-DocuSign-Signature-2", "not base64!",
                "X-DocuSign-Signature-3", signature(SECRET, BODY));

        Verification result = scheme.verify(request(headers, BODY), List.of(SECRET), TOLERANCE, NOW);

        assertThat(result).isEqualTo(new Verified(null));
    }

    @Test
    void signatureAfterAGapInTheNumberingIsStillFound() {
        Verification result = scheme.verify(
                request(Map.of("X-DocuSign-Signature-7", signature(SECRET, BODY)), BODY),
                List.of(SECRET),
                TOLERANCE,
                NOW);

        assertThat(result).isEqualTo(new Verified(null));
    }

    @Test
    void rotatedSecretListVerifiesMessagesSignedWithEitherSecret() {
        List<String> rotation = List.of(OTHER_SECRET, SECRET);
        for (String secret : rotation) {
            WebhookRequest request = request(Map.of("X-DocuSign-Signature-1", signature(secret, BODY)), BODY);

            assertThat(scheme.verify(request, rotation, TOLERANCE, NOW)).isEqualTo(new Verified(null));
        }
    }

    @Test
    void tamperedBodyIsRejected() {
        Verification result = scheme.verify(
                request(Map.of("X-DocuSign-Signature-1", signature(SECRET, BODY)), BODY.replace("completed", "voided")),
                List.of(SECRET),
                TOLERANCE,
                NOW);

        assertRejected(result, 401, "INVALID_SIGNATURE", "X-DocuSign-Signature-1");
    }

    @Test
    void signaturesOfOtherKeysOnlyAreRejected() {
        Verification result = scheme.verify(
                request(Map.of("X-DocuSign-Signature-1", signature(OTHER_SECRET, BODY)), BODY),
                List.of(SECRET),
                TOLERANCE,
                NOW);

        assertRejected(result, 401, "INVALID_SIGNATURE", "X-DocuSign-Signature-1");
    }

    @Test
    void signatureThatIsNotBase64IsInvalid() {
        Verification result =
                scheme.verify(request(Map.of("X-DocuSign-Signature-1", "***"), BODY), List.of(SECRET), TOLERANCE, NOW);

        assertRejected(result, 401, "INVALID_SIGNATURE", "X-DocuSign-Signature-1");
    }

    @Test
    void missingSignatureIsRejected() {
        Verification result = scheme.verify(
                request(Map.of("X-Authorization-Digest", "HMACSHA256"), BODY), List.of(SECRET), TOLERANCE, NOW);

        assertRejected(result, 401, "MISSING_SIGNATURE", "X-DocuSign-Signature-1");
    }

    @Test
    void headerNamesAreMatchedRegardlessOfCase() {
        Verification result = scheme.verify(
                request(Map.of("x-docusign-signature-1", signature(SECRET, BODY)), BODY),
                List.of(SECRET),
                TOLERANCE,
                NOW);

        assertThat(result).isEqualTo(new Verified(null));
    }
}

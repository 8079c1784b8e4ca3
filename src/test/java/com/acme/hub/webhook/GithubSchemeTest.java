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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GithubSchemeTest {

    // The example in GitHub's "Validating webhook deliveries"
    private static final String DOCS_SECRET = "It's a Secret to Everybody";
    private static final String DOCS_BODY = "Hello, World!";
    private static final String DOCS_SIGNATURE =
            "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    private static final String DELIVERY = "72d3162e-cc78-11e3-81ab-4c9367dc0958";
    private static final String OLD_SECRET = "old github secret";
    private static final String NEW_SECRET = "new github secret";

    private final SignatureScheme scheme = SignatureSchemes.forName("github");

    @Test
    void verifiesTheDocumentedExample() {
        Verification result = scheme.verify(
                request(Map.of("X-Hub-Signature-256", DOCS_SIGNATURE, "X-GitHub-Delivery", DELIVERY), DOCS_BODY),
                List.of(DOCS_SECRET),
                TOLERANCE,
                NOW);

        assertThat(result).isEqualTo(new Verified(DELIVERY));
    }

    @Test
    void signerReproducesTheDocumentedExample() {
        Map<String, String> headers =
                WebhookSigner.sign("github", DOCS_SECRET, DELIVERY, NOW, DOCS_BODY.getBytes(StandardCharsets.UTF_8));

        assertThat(headers)
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("X-Hub-Signature-256", DOCS_SIGNATURE, "X-GitHub-Delivery", DELIVERY));
    }

    @Test
    void signerMatchesAnIndependentlyComputedSignature() {
        String body = "{\"action\":\"opened\"}";

        Map<String, String> headers =
                WebhookSigner.sign("github", NEW_SECRET, null, NOW, body.getBytes(StandardCharsets.UTF_8));

        assertThat(headers).isEqualTo(Map.of("X-Hub-Signature-256", "sha256=" + hex(hmacSha256(NEW_SECRET, body))));
    }

    @Test
    void missingDeliveryHeaderLeavesTheEventIdToTheFallbacks() {
        Verification result = scheme.verify(
                request(Map.of("X-Hub-Signature-256", DOCS_SIGNATURE), DOCS_BODY),
                List.of(DOCS_SECRET),
                TOLERANCE,
                NOW);

        assertThat(result).isEqualTo(new Verified(null));
    }

    @Test
    void upperCaseHexIsTheSameSignature() {
        Verification result = scheme.verify(
                request(
                        Map.of(
                                "X-Hub-Signature-256",
                                "sha256=" + DOCS_SIGNATURE.substring(7).toUpperCase()),
                        DOCS_BODY),
                List.of(DOCS_SECRET),
                TOLERANCE,
                NOW);

        assertThat(result).isEqualTo(new Verified(null));
    }

    @Test
    void tamperedBodyIsRejected() {
        Verification result = scheme.verify(
                request(Map.of("X-Hub-Signature-256", DOCS_SIGNATURE), "Hello, World?"),
                List.of(DOCS_SECRET),
                TOLERANCE,
                NOW);

        assertRejected(result, 401, "INVALID_SIGNATURE", "X-Hub-Signature-256");
    }

    @Test
    void missingSignatureIsRejected() {
        Verification result = scheme.verify(
                request(Map.of("X-GitHub-Delivery", DELIVERY), DOCS_BODY), List.of(DOCS_SECRET), TOLERANCE, NOW);

        assertRejected(result, 401, "MISSING_SIGNATURE", "X-Hub-Signature-256");
    }

    @Test
    void legacySha1SignatureIsNotAccepted() {
        Verification result = scheme.verify(
                request(Map.of("X-Hub-Signature-256", "sha1=" + DOCS_SIGNATURE.substring(7)), DOCS_BODY),
                List.of(DOCS_SECRET),
                TOLERANCE,
                NOW);

        assertRejected(result, 401, "INVALID_SIGNATURE", "X-Hub-Signature-256");
    }

    @Test
    void malformedHexIsAnInvalidSignature() {
        Verification result = scheme.verify(
                request(Map.of("X-Hub-Signature-256", "sha256=not-hex"), DOCS_BODY),
                List.of(DOCS_SECRET),
                TOLERANCE,
                NOW);

        assertRejected(result, 401, "INVALID_SIGNATURE", "X-Hub-Signature-256");
    }

    @Test
    void rotatedSecretListVerifiesMessagesSignedWithEitherSecret() {
        List<String> rotation = List.of(OLD_SECRET, NEW_SECRET);
        for (String secret : rotation) {
            Map<String, String> headers =
                    WebhookSigner.sign("github", secret, DELIVERY, NOW, DOCS_BODY.getBytes(StandardCharsets.UTF_8));

            assertThat(scheme.verify(request(headers, DOCS_BODY), rotation, TOLERANCE, NOW))
                    .isEqualTo(new Verified(DELIVERY));
        }
    }

    @Test
    void secretOutsideTheRotationListIsRejected() {
        Verification result = scheme.verify(
                request(Map.of("X-Hub-Signature-256", DOCS_SIGNATURE), DOCS_BODY),
                List.of(OLD_SECRET, NEW_SECRET),
                TOLERANCE,
                NOW);

        assertRejected(result, 401, "INVALID_SIGNATURE", "X-Hub-Signature-256");
    }

    @Test
    void headerNamesAreMatchedRegardlessOfCase() {
        Verification result = scheme.verify(
                request(Map.of("x-hub-signature-256", DOCS_SIGNATURE, "x-github-delivery", DELIVERY), DOCS_BODY),
                List.of(DOCS_SECRET),
                TOLERANCE,
                NOW);

        assertThat(result).isEqualTo(new Verified(DELIVERY));
    }
}

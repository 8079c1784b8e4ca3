package com.acme.hub.webhook;

import static com.acme.hub.webhook.TestSignatures.NOW;
import static com.acme.hub.webhook.TestSignatures.TOLERANCE;
import static com.acme.hub.webhook.TestSignatures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignatureSchemesTest {

    private static final List<String> ALL =
            List.of("docusign", "github", "hmac-sha256", "shopify", "standard-webhooks", "stripe");

    @Test
    void namesAreTheConfigurableSchemesSorted() {
        assertThat(SignatureSchemes.names()).containsExactlyElementsOf(ALL);
    }

    @Test
    void eachNameResolvesToTheSchemeOfThatName() {
        for (String name : ALL) {
            assertThat(SignatureSchemes.forName(name).name()).isEqualTo(name);
        }
    }

    @Test
    void unknownNameIsRejectedWithTheValidNames() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> SignatureSchemes.forName("svix"))
                .withMessageContaining("svix")
                .withMessageContaining(String.join(", ", ALL));
    }

    @Test
    void namesAreCaseSensitive() {
        assertThatIllegalArgumentException().isThrownBy(() -> SignatureSchemes.forName("GitHub"));
    }

    @Test
    void onlyTheGenericSchemeAcceptsNonJsonBodies() {
        for (String name : ALL) {
            assertThat(SignatureSchemes.forName(name).requiresJson()).as(name).isEqualTo(!name.equals("hmac-sha256"));
        }
    }

    @Test
    void verifyingWithoutSecretsIsAConfigurationError() {
        for (String name : ALL) {
            SignatureScheme scheme = SignatureSchemes.forName(name);

            assertThatIllegalArgumentException()
                    .as(name)
                    .isThrownBy(() -> scheme.verify(request(Map.of(), "{}"), List.of(), TOLERANCE, NOW));
            assertThatIllegalArgumentException()
                    .as(name)
                    .isThrownBy(() -> scheme.verify(request(Map.of(), "{}"), Arrays.asList("ok", " "), TOLERANCE, NOW));
        }
    }

    @Test
    void signingForAnUnknownSchemeIsRejected() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> WebhookSigner.sign("svix", "secret", "id", NOW, new byte[0]))
                .withMessageContaining("standard-webhooks");
    }
}

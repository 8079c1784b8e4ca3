package com.acme.hub.webhook;

import java.time.Instant;
import java.util.Map;

/** The sending side, for the sandbox simulators, tests and benchmarks: produces the headers a provider would send. */
public final class WebhookSigner {

    private WebhookSigner() {}

    /**
     * Signs as the named provider does. {@code eventId} goes where the provider sends one: required for
     * standard-webhooks, optional for github, shopify and hmac-sha256 (as {@code X-Event-ID}), and unused for stripe,
     * whose id is inside the body, and docusign, which sends none. {@code timestamp} is truncated to seconds and unused
     * by the schemes that sign no time (github, docusign, shopify).
     *
     * @throws IllegalArgumentException for an unknown scheme or an unusable secret
     */
    public static Map<String, String> sign(
            String scheme, String secret, String eventId, Instant timestamp, byte[] body) {
        return SignatureSchemes.signing(scheme).sign(secret, eventId, timestamp, body);
    }
}

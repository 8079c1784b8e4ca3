package com.acme.hub.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** How one provider signs its webhooks, seen from the receiving side. */
public interface SignatureScheme {

    /** The name a source is configured with, e.g. {@code standard-webhooks}. */
    String name();

    /**
     * Whether the provider only sends JSON, so the ingress may refuse anything else. {@link #verify} itself only parses
     * the body when the event id lives in it (stripe), and only after the signature matched.
     */
    boolean requiresJson();

    /**
     * Checks the request against every secret in turn; any match verifies, so old and new secrets can overlap during
     * rotation.
     *
     * @param tolerance the largest allowed distance between the signed timestamp and {@code now}; ignored by schemes
     *     that sign no timestamp
     * @throws IllegalArgumentException when no secret is given or a secret is unusable for this scheme; that is a
     *     configuration fault, not the sender's
     */
    Verification verify(WebhookRequest request, List<String> secrets, Duration tolerance, Instant now);
}

package com.acme.hub.webhook;

import java.time.Instant;
import java.util.Map;

/** A scheme that can also play the provider, so both sides of a signature live in one place. */
interface SigningScheme extends SignatureScheme {

    /** The headers the provider would send with this body; see {@link WebhookSigner#sign}. */
    Map<String, String> sign(String secret, String eventId, Instant timestamp, byte[] body);
}

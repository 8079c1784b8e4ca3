package com.acme.hub.webhook;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** A received webhook as the schemes see it. Header lookup must be case-insensitive. */
public interface WebhookRequest {

    /** The header's value, or null when absent. */
    String header(String name);

    /** The raw bytes exactly as received; signatures are over these, so nothing may re-encode them. */
    byte[] body();

    /**
     * A request over a header map of any case. The body is not copied: it can be as large as the ingress allows and
     * nothing here writes to it.
     */
    static WebhookRequest of(Map<String, String> headers, byte[] body) {
        Map<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        byName.putAll(headers);
        Objects.requireNonNull(body, "body");
        return new WebhookRequest() {
            @Override
            public String header(String name) {
                return byName.get(name);
            }

            @Override
            public byte[] body() {
                return body;
            }
        };
    }
}

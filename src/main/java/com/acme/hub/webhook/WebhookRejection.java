package com.acme.hub.webhook;

import java.util.Map;

/** An answer other than 202/200, raised anywhere in the ingress and turned into the error format in one place. */
class WebhookRejection extends RuntimeException {

    final int status;
    final String code;
    final Map<String, Object> details;
    final Long retryAfterSeconds;
    final String outcome;

    WebhookRejection(
            int status,
            String code,
            String message,
            Map<String, Object> details,
            Long retryAfterSeconds,
            String outcome) {
        // Control flow, not a failure: no stack trace to fill in on the hot path.
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.details = details;
        this.retryAfterSeconds = retryAfterSeconds;
        this.outcome = outcome;
    }

    static WebhookRejection of(int status, String code, String message, String field, String reason, String outcome) {
        return new WebhookRejection(status, code, message, Map.of("field", field, "reason", reason), null, outcome);
    }
}

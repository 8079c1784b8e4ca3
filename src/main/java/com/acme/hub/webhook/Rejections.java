package com.acme.hub.webhook;

import com.acme.hub.webhook.Verification.Rejected;

/** The rejections the schemes answer with; the codes are those of the API's error body. */
final class Rejections {

    static final String MISSING_SIGNATURE = "MISSING_SIGNATURE";
    static final String INVALID_SIGNATURE = "INVALID_SIGNATURE";
    static final String MISSING_TIMESTAMP = "MISSING_TIMESTAMP";
    static final String TIMESTAMP_OUT_OF_TOLERANCE = "TIMESTAMP_OUT_OF_TOLERANCE";
    static final String MISSING_EVENT_ID = "MISSING_EVENT_ID";
    static final String INVALID_PAYLOAD = "INVALID_PAYLOAD";

    private static final int BAD_REQUEST = 400;
    private static final int UNAUTHORIZED = 401;

    private Rejections() {}

    static Rejected missingSignature(String field) {
        return new Rejected(UNAUTHORIZED, MISSING_SIGNATURE, field, "no signature header");
    }

    static Rejected invalidSignature(String field, String reason) {
        return new Rejected(UNAUTHORIZED, INVALID_SIGNATURE, field, reason);
    }

    static Rejected noSignatureMatched(String field) {
        return invalidSignature(field, "no signature matched");
    }

    static Rejected missingTimestamp(String field) {
        return new Rejected(UNAUTHORIZED, MISSING_TIMESTAMP, field, "no timestamp");
    }

    /**
     * A timestamp that cannot be read is treated as missing, in every scheme: either way there is no signed time to
     * bound the replay window with.
     */
    static Rejected unreadableTimestamp(String field) {
        return new Rejected(UNAUTHORIZED, MISSING_TIMESTAMP, field, "timestamp is not unix seconds");
    }

    static Rejected timestampOutOfTolerance(String field) {
        return new Rejected(UNAUTHORIZED, TIMESTAMP_OUT_OF_TOLERANCE, field, "timestamp is outside the tolerance");
    }

    static Rejected missingEventId(String field) {
        return new Rejected(UNAUTHORIZED, MISSING_EVENT_ID, field, "no event id header");
    }

    static Rejected invalidPayload(String field, String reason) {
        return new Rejected(BAD_REQUEST, INVALID_PAYLOAD, field, reason);
    }
}

package com.acme.hub.webhook;

/** Outcome of verifying one request. */
public sealed interface Verification permits Verification.Verified, Verification.Rejected {

    /** eventId: the id the scheme carries (may be null when the scheme carries none). */
    record Verified(String eventId) implements Verification {}

    /**
     * status: 400 or 401; code: the error code of the API's error body; field: header or field at fault; reason: short
     * human text without secrets.
     */
    record Rejected(int status, String code, String field, String reason) implements Verification {}
}

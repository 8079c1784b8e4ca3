package com.acme.hub.deadletter;

import java.util.Map;

/** A refusal of the dead-letter API, answered in the error format with its status and code. */
final class DeadLetterApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final Map<String, Object> details;

    DeadLetterApiException(int status, String code, String message, Map<String, Object> details) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.details = details;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    Map<String, Object> details() {
        return details;
    }
}

package com.acme.hub.event;

import java.util.Map;

/** A refusal of the events or jobs API, answered in the error format with its status and code. */
final class EventApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final Map<String, Object> details;

    EventApiException(int status, String code, String message, Map<String, Object> details) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.details = details;
    }

    static EventApiException invalid(String field, String reason) {
        return new EventApiException(
                400, "INVALID_FILTER", "The request is not valid", Map.of("field", field, "reason", reason));
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

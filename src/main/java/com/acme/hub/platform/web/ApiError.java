package com.acme.hub.platform.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/** The error body of every 4xx and 5xx answer (docs/architecture.md, "Errors"). */
public record ApiError(Body error) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Body(
            String code,
            String message,
            Map<String, Object> details,
            @JsonProperty("request_id") String requestId,
            String timestamp) {}

    public static ApiError of(String code, String message, Map<String, Object> details, String requestId) {
        return new ApiError(new Body(
                code,
                message,
                details == null ? Map.of() : details,
                requestId,
                Instant.now().truncatedTo(ChronoUnit.MILLIS).toString()));
    }

    /** The code for a status when nothing more specific is known. */
    public static String codeFor(int status) {
        return switch (status) {
            case 400 -> "BAD_REQUEST";
            case 401 -> "UNAUTHORIZED";
            case 403 -> "FORBIDDEN";
            case 404 -> "NOT_FOUND";
            case 405 -> "METHOD_NOT_ALLOWED";
            case 406 -> "NOT_ACCEPTABLE";
            case 409 -> "CONFLICT";
            case 413 -> "PAYLOAD_TOO_LARGE";
            case 415 -> "UNSUPPORTED_MEDIA_TYPE";
            case 429 -> "RATE_LIMITED";
            case 503 -> "SERVICE_UNAVAILABLE";
            default -> status >= 500 ? "INTERNAL_ERROR" : "BAD_REQUEST";
        };
    }
}

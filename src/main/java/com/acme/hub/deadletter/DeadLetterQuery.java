package com.acme.hub.deadletter;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * The query parameters of a listing or a bulk replay, checked: a filter that does not parse is refused, never
 * ignored, because a bulk replay whose filter was silently dropped would replay everything.
 */
final class DeadLetterQuery {

    static final String ADAPTER = "adapter";
    static final String ERROR_TYPE = "errorType";
    static final String STATUS = "status";
    static final String SINCE = "since";
    static final String UNTIL = "until";
    static final String LIMIT = "limit";
    static final String CURSOR = "cursor";

    private static final Set<String> FILTERS = Set.of(ADAPTER, ERROR_TYPE, STATUS, SINCE, UNTIL, LIMIT);

    private DeadLetterQuery() {}

    static DeadLetterStore.Filter filter(Map<String, String> params, Set<String> alsoAllowed) {
        for (String name : params.keySet()) {
            if (!FILTERS.contains(name) && !alsoAllowed.contains(name)) {
                throw invalid(name, "unknown parameter; known: adapter, errorType, status, since, until, limit");
            }
        }
        String status = text(params, STATUS, 16);
        if (status != null && !DeadLetterStore.STATUSES.contains(status)) {
            throw invalid(STATUS, "one of " + String.join(", ", DeadLetterStore.STATUSES));
        }
        Instant since = instant(params, SINCE);
        Instant until = instant(params, UNTIL);
        if (since != null && until != null && !since.isBefore(until)) {
            throw invalid(UNTIL, "must be after since");
        }
        return new DeadLetterStore.Filter(
                text(params, ADAPTER, 64), text(params, ERROR_TYPE, 64), status, since, until);
    }

    static int limit(Map<String, String> params, int byDefault, int max) {
        String value = params.get(LIMIT);
        if (value == null) {
            return byDefault;
        }
        try {
            int limit = Integer.parseInt(value.strip());
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw invalid(LIMIT, "a whole number from 1 to " + max);
    }

    static DeadLetterStore.Cursor cursor(Map<String, String> params) {
        String value = params.get(CURSOR);
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
            int bar = decoded.indexOf('|');
            if (bar > 0) {
                return new DeadLetterStore.Cursor(Instant.parse(decoded.substring(0, bar)), decoded.substring(bar + 1));
            }
        } catch (IllegalArgumentException | DateTimeParseException e) {
            // refused below
        }
        throw invalid(CURSOR, "not a cursor this API gave out");
    }

    /** Opaque to clients: the position after the given letter. */
    static String cursorAfter(DeadLetterStore.Letter last) {
        String position = last.createdAt() + "|" + last.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(Map<String, String> params, String name, int maxLength) {
        String value = params.get(name);
        if (value == null) {
            return null;
        }
        if (value.isBlank() || value.length() > maxLength) {
            throw invalid(name, "1 to " + maxLength + " characters");
        }
        return value.strip();
    }

    private static Instant instant(Map<String, String> params, String name) {
        String value = params.get(name);
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw invalid(name, "an ISO-8601 date-time with offset, e.g. 2026-01-01T00:00:00Z");
        }
    }

    static DeadLetterApiException invalid(String field, String reason) {
        return new DeadLetterApiException(
                400, "INVALID_FILTER", "The filter is not valid", Map.of("field", field, "reason", reason));
    }
}

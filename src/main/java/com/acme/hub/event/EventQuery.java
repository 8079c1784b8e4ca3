package com.acme.hub.event;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * The query parameters of {@code GET /v1/events}, checked: an unknown parameter or a malformed value is a 400 that
 * names it, never a silently wider search.
 */
final class EventQuery {

    static final int PAGE_DEFAULT = 50;
    static final int PAGE_MAX = 200;
    static final Set<String> STATUSES = Set.of("stored", "in_flight");
    private static final Set<String> KNOWN =
            Set.of("source", "type", "status", "since", "until", "correlationId", "limit", "cursor");

    /** A search: any field null means "any". */
    record Filter(String source, String type, String status, Instant since, Instant until, String correlationId) {}

    /** Where the previous page ended, in the paging order (received_at, source, event_id), newest first. */
    record Cursor(Instant receivedAt, String source, String eventId) {}

    private EventQuery() {}

    static Filter filter(Map<String, String> params) {
        for (String name : params.keySet()) {
            if (!KNOWN.contains(name)) {
                throw EventApiException.invalid(name, "unknown parameter; known: " + String.join(", ", sorted()));
            }
        }
        String status = text(params, "status", 16);
        if (status != null && !STATUSES.contains(status)) {
            throw EventApiException.invalid("status", "one of in_flight, stored");
        }
        Instant since = instant(params, "since");
        Instant until = instant(params, "until");
        if (since != null && until != null && !until.isAfter(since)) {
            throw EventApiException.invalid("until", "must be after since");
        }
        return new Filter(
                text(params, "source", 64),
                text(params, "type", 128),
                status,
                since,
                until,
                text(params, "correlationId", 128));
    }

    static int limit(Map<String, String> params) {
        String value = params.get("limit");
        if (value == null) {
            return PAGE_DEFAULT;
        }
        try {
            int limit = Integer.parseInt(value.strip());
            if (limit >= 1 && limit <= PAGE_MAX) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw EventApiException.invalid("limit", "a whole number from 1 to " + PAGE_MAX);
    }

    static Cursor cursor(Map<String, String> params) {
        String value = params.get("cursor");
        if (value == null) {
            return null;
        }
        try {
            String[] parts =
                    new String(Base64.getUrlDecoder().decode(value.strip()), StandardCharsets.UTF_8).split("\n", 3);
            if (parts.length == 3) {
                return new Cursor(Instant.parse(parts[0]), parts[1], parts[2]);
            }
        } catch (IllegalArgumentException | DateTimeParseException e) {
            // answered below
        }
        throw EventApiException.invalid("cursor", "not a cursor this API gave out");
    }

    static String cursorAfter(Instant receivedAt, String source, String eventId) {
        String text = receivedAt + "\n" + source + "\n" + eventId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static Instant instant(Map<String, String> params, String name) {
        String value = params.get(name);
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw EventApiException.invalid(name, "an ISO-8601 date-time with offset, e.g. 2026-01-01T00:00:00Z");
        }
    }

    private static String text(Map<String, String> params, String name, int maxLength) {
        String value = params.get(name);
        if (value == null) {
            return null;
        }
        if (value.isBlank() || value.length() > maxLength) {
            throw EventApiException.invalid(name, "1 to " + maxLength + " characters");
        }
        return value.strip();
    }

    private static java.util.List<String> sorted() {
        return KNOWN.stream().sorted().toList();
    }
}

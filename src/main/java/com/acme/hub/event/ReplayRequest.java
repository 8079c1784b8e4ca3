package com.acme.hub.event;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.List;

/**
 * {@code POST /v1/events/replay}: the flows to run again over the events one source sent between {@code since}
 * (inclusive) and {@code until} (exclusive; default: when the job starts), only those of the given types if any.
 */
record ReplayRequest(
        @NotBlank String source,
        @NotNull Instant since,
        Instant until,
        List<@NotBlank String> types,
        @NotEmpty List<@NotBlank String> flows) {

    boolean overlaps(ReplayRequest other) {
        return source.equals(other.source)
                && since.isBefore(other.until)
                && other.since.isBefore(until)
                && flows.stream().anyMatch(other.flows::contains);
    }
}

package com.acme.hub.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventQueryTest {

    @Test
    void aCursorPointsAtTheLastEventOfThePage() {
        Instant at = Instant.parse("2026-01-01T10:00:00.123456Z");
        String cursor = EventQuery.cursorAfter(at, "sales", "evt\nodd id");
        assertThat(EventQuery.cursor(Map.of("cursor", cursor)))
                .isEqualTo(new EventQuery.Cursor(at, "sales", "evt\nodd id"));
    }

    @Test
    void everyFilterIsReadAndAnUnknownOneIsRefused() {
        EventQuery.Filter filter = EventQuery.filter(Map.of(
                "source", "sales",
                "type", "order.created",
                "status", "stored",
                "since", "2026-01-01T00:00:00Z",
                "until", "2026-01-02T00:00:00+01:00",
                "correlationId", "c-1"));
        assertThat(filter)
                .isEqualTo(new EventQuery.Filter(
                        "sales",
                        "order.created",
                        "stored",
                        Instant.parse("2026-01-01T00:00:00Z"),
                        Instant.parse("2026-01-01T23:00:00Z"),
                        "c-1"));
        assertThatThrownBy(() -> EventQuery.filter(Map.of("sources", "sales")))
                .isInstanceOfSatisfying(
                        EventApiException.class, e -> assertThat(e.details()).containsEntry("field", "sources"));
        assertThatThrownBy(() -> EventQuery.limit(Map.of("limit", "201"))).isInstanceOf(EventApiException.class);
        assertThat(EventQuery.limit(Map.of())).isEqualTo(50);
    }

    @Test
    void overlappingReplaysOfAFlowConflictAndSeparateOnesDoNot() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        ReplayRequest running =
                new ReplayRequest("esign", t0, t0.plusSeconds(3600), java.util.List.of(), java.util.List.of("a", "b"));
        assertThat(new ReplayRequest("esign", t0.plusSeconds(1800), t0.plusSeconds(7200), null, java.util.List.of("b"))
                        .overlaps(running))
                .isTrue();
        assertThat(new ReplayRequest("esign", t0.plusSeconds(3600), t0.plusSeconds(7200), null, java.util.List.of("a"))
                        .overlaps(running))
                .isFalse();
        assertThat(new ReplayRequest("esign", t0, t0.plusSeconds(3600), null, java.util.List.of("c")).overlaps(running))
                .isFalse();
        assertThat(new ReplayRequest("sales", t0, t0.plusSeconds(3600), null, java.util.List.of("a")).overlaps(running))
                .isFalse();
    }
}

package com.acme.hub.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeadLetterQueryTest {

    @Test
    void parsesEveryFilter() {
        DeadLetterStore.Filter filter = DeadLetterQuery.filter(
                Map.of(
                        "adapter", "sales",
                        "errorType", "server_error",
                        "status", "pending",
                        "since", "2026-01-01T00:00:00Z",
                        "until", "2026-01-02T01:00:00+01:00"),
                Set.of());
        assertThat(filter)
                .isEqualTo(new DeadLetterStore.Filter(
                        "sales",
                        "server_error",
                        "pending",
                        Instant.parse("2026-01-01T00:00:00Z"),
                        Instant.parse("2026-01-02T00:00:00Z")));
    }

    @Test
    void refusesWhatItCannotFilterByNamingTheField() {
        assertRefused(Map.of("since", "yesterday"), "since");
        assertRefused(Map.of("until", "2026-13-01T00:00:00Z"), "until");
        assertRefused(Map.of("since", "2026-01-02T00:00:00Z", "until", "2026-01-01T00:00:00Z"), "until");
        assertRefused(Map.of("status", "lost"), "status");
        assertRefused(Map.of("adapter", ""), "adapter");
        // A misspelt filter must not widen a bulk replay to everything.
        assertRefused(Map.of("adaptor", "sales"), "adaptor");
        assertRefused(Map.of("cursor", "abc"), "cursor");
    }

    @Test
    void limitsAreBounded() {
        assertThat(DeadLetterQuery.limit(Map.of(), 50, 200)).isEqualTo(50);
        assertThat(DeadLetterQuery.limit(Map.of("limit", "200"), 50, 200)).isEqualTo(200);
        for (String bad : new String[] {"0", "201", "-1", "ten"}) {
            assertThatThrownBy(() -> DeadLetterQuery.limit(Map.of("limit", bad), 50, 200))
                    .isInstanceOfSatisfying(DeadLetterApiException.class, e -> assertThat(e.details())
                            .containsEntry("field", "limit"));
        }
    }

    @Test
    void aCursorComesBackAsThePositionItWasMadeFrom() {
        DeadLetterStore.Letter letter = new DeadLetterStore.Letter(
                new DeadLetterStore.DeadLetter(
                        "id-1",
                        "sales",
                        "r",
                        "s",
                        null,
                        null,
                        null,
                        null,
                        null,
                        "t",
                        null,
                        1,
                        Instant.EPOCH,
                        Instant.EPOCH),
                "pending",
                Instant.parse("2026-01-01T00:00:00.123456Z"),
                null,
                null,
                null,
                null);
        String cursor = DeadLetterQuery.cursorAfter(letter);
        assertThat(DeadLetterQuery.cursor(Map.of("cursor", cursor)))
                .isEqualTo(new DeadLetterStore.Cursor(Instant.parse("2026-01-01T00:00:00.123456Z"), "id-1"));
        assertThatThrownBy(() -> DeadLetterQuery.cursor(Map.of("cursor", "bm8gYmFy")))
                .isInstanceOf(DeadLetterApiException.class);
    }

    private static void assertRefused(Map<String, String> params, String field) {
        assertThatThrownBy(() -> {
                    DeadLetterQuery.filter(params, Set.of("cursor"));
                    DeadLetterQuery.cursor(params);
                })
                .isInstanceOfSatisfying(DeadLetterApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("INVALID_FILTER");
                    assertThat(e.details()).containsEntry("field", field);
                });
    }
}

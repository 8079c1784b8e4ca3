package com.acme.hub.observability;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.ProducerTemplate;

/**
 * Tells operators what needs them: a new dead letter, a circuit opening or closing, an integration turning unhealthy.
 * At most one notification per integration and kind per quiet period (on each replica). Sending is handed to the
 * notification route's queue and never waits: a channel that is down delays and fails nothing else.
 */
public class Notifications {

    /** What happened; the {@code kind} of the quiet period's key. */
    public enum Kind {
        DEAD_LETTER("new dead letter"),
        CIRCUIT_OPENED("circuit opened"),
        CIRCUIT_CLOSED("circuit closed"),
        UNHEALTHY("integration unhealthy");

        final String title;

        Kind(String title) {
            this.title = title;
        }
    }

    private final ProducerTemplate producer;
    private final Duration quietPeriod;
    private final Clock clock;
    private final Map<String, Instant> lastSent = new ConcurrentHashMap<>();

    Notifications(ProducerTemplate producer, Duration quietPeriod, Clock clock) {
        this.producer = producer;
        this.quietPeriod = quietPeriod;
        this.clock = clock;
    }

    /** Sends unless one of this kind for this integration went out within the quiet period. */
    public void notify(Kind kind, String integrationId, String detail) {
        Instant now = clock.instant();
        AtomicBoolean due = new AtomicBoolean();
        lastSent.compute(integrationId + '\0' + kind, (key, last) -> {
            if (last == null || !now.isBefore(last.plus(quietPeriod))) {
                due.set(true);
                return now;
            }
            return last;
        });
        if (due.get()) {
            String text = "[integration-hub] " + integrationId + ": " + kind.title + " - " + PiiMasker.mask(detail);
            producer.sendBodyAndHeader(
                    NotificationRoutes.QUEUE, text, NotificationRoutes.SUBJECT, kind.title + ": " + integrationId);
        }
    }
}

package com.acme.hub.platform.adapter;

import java.sql.Timestamp;
import java.time.Clock;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes down each adapter step that reached its external system, so an event's way through the flows can be
 * shown (dead letters show where it stopped). Keyed by the step's idempotency key: a step is delivered once.
 */
@Component(StepJournal.BEAN)
public class StepJournal {

    static final String BEAN = "hubStepJournal";

    private final JdbcTemplate jdbc;
    private final Clock clock = Clock.systemUTC();

    StepJournal(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void delivered(Exchange exchange) {
        Message input = exchange.getProperty(AdapterRuntime.STEP_INPUT, Message.class);
        if (input == null) {
            return;
        }
        try {
            jdbc.update(
                    "INSERT INTO step_journal (idempotency_key, event_id, step, adapter_id, correlation_id, outcome, at)"
                            + " VALUES (?, ?, ?, ?, ?, 'delivered', ?)",
                    input.getHeader(AdapterRouteBuilder.IDEMPOTENCY_KEY, String.class),
                    input.getHeader(AdapterRouteBuilder.EVENT_ID, String.class),
                    exchange.getProperty(AdapterRuntime.STEP, String.class),
                    exchange.getProperty(AdapterRuntime.ADAPTER_ID, String.class),
                    input.getHeader(AdapterRouteBuilder.CORRELATION_ID, String.class),
                    Timestamp.from(clock.instant()));
        } catch (DuplicateKeyException alreadyWritten) {
            // A replica that crashed after the call but before confirming the key: the step was delivered once.
        }
    }
}

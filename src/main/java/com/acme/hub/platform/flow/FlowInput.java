package com.acme.hub.platform.flow;

import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Keeps the event as a source Kamelet received it, so a flow's dead letter holds the event itself, not whatever the
 * flow had made of it by the time it failed, and a replay can run the flow again from the start. Camel's
 * {@code useOriginalMessage} cannot do this here: the sink Kamelets a flow calls are routes of their own, and the
 * dead-letter channel was seen to receive the message as the Kamelet had changed it (credentials included).
 */
@Component(FlowInput.BEAN)
public class FlowInput {

    static final String BEAN = "hubFlowInput";
    /** The exchange property holding a copy of the event as it arrived. */
    public static final String PROPERTY = "hubFlowInput";

    public void keep(Exchange exchange) {
        exchange.setProperty(PROPERTY, exchange.getMessage().copy());
    }
}

package com.acme.hub.platform.flow;

import com.acme.hub.platform.adapter.AdapterCallException;
import com.acme.hub.platform.adapter.AdapterRuntime;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.support.processor.PredicateValidationException;
import org.springframework.stereotype.Component;

/**
 * The error handling every flow opts into with {@code routeConfigurationId: hub-flow}. Adapter failures never reach
 * it: each adapter step retries and dead-letters on its own. What does is the flow's own trouble: an event that fails
 * the flow's {@code validate} goes to the dead letters at once; anything else (a dead letter that could not be stored,
 * say) is tried again with backoff, then dead-lettered. If even that fails, the failure reaches the flow's consumer,
 * which does not acknowledge the event, so it is read again rather than lost. The dead letter holds the event as the
 * flow's source Kamelet received it ({@link FlowInput}).
 */
@Component
class FlowRouteConfiguration extends RouteConfigurationBuilder {

    static final String ID = "hub-flow";
    /** The adapter id dead letters of a flow's own failures are filed under. */
    static final String FLOW = "flow";

    @Override
    public void configuration() {
        routeConfiguration(ID)
                .errorHandler(deadLetterChannel("direct:hub-dead-letter")
                        .deadLetterHandleNewException(false)
                        .maximumRedeliveries(3)
                        .redeliveryDelay(1000)
                        .useExponentialBackOff()
                        .backOffMultiplier(2)
                        .useCollisionAvoidance()
                        .onPrepareFailure(FlowRouteConfiguration::label)
                        .logExhausted(false)
                        .logStackTrace(false))
                .onException(PredicateValidationException.class)
                .maximumRedeliveries(0)
                .end()
                // A step paused the event's consumer (KafkaFlowPause): the event goes back to the consumer untouched,
                // to be read again when it resumes; this clause's processor stands in for the dead-letter channel.
                .onException(AdapterCallException.SourcePaused.class)
                .handled(false)
                .maximumRedeliveries(0)
                .log(LoggingLevel.DEBUG, "${exception.message}")
                .end();
    }

    /**
     * A failure inside an adapter step that its own dead-letter channel could not take keeps the step's labels and
     * input; any other failure is the flow's own, filed under adapter {@code flow} (and, by the dead-letter route,
     * under the route the event entered).
     */
    private static void label(Exchange exchange) {
        if (exchange.getProperty(AdapterRuntime.ADAPTER_ID) == null) {
            exchange.setProperty(AdapterRuntime.ADAPTER_ID, FLOW);
        }
    }
}

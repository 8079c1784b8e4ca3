package com.acme.hub.platform.adapter;

import com.acme.hub.platform.HubProperties;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;

/**
 * The error handling every adapter step opts into with {@code routeConfigurationId("adapter-<id>")}: retryable
 * failures are redelivered with exponential backoff and jitter while attempts are left, a 429's Retry-After or an
 * open circuit sets the wait itself, rejected calls are not retried, and whatever is given up on goes to the
 * dead-letter channel exactly as it entered the step.
 */
class AdapterRouteConfigurations extends RouteConfigurationBuilder {

    /** The inner call routes: failures go back to the step that called them, which owns the retries. */
    static final String CALL = "adapter-call";

    private final Adapters adapters;
    private final String deadLetterUri;

    AdapterRouteConfigurations(Adapters adapters, String deadLetterUri) {
        this.adapters = adapters;
        this.deadLetterUri = deadLetterUri;
    }

    @Override
    public void configuration() {
        routeConfiguration(CALL).errorHandler(noErrorHandler());
        for (AdapterRuntime adapter : adapters.all()) {
            HubProperties.Retry retry = adapter.settings().retry();
            routeConfiguration("adapter-" + adapter.id())
                    .errorHandler(deadLetterChannel(deadLetterUri)
                            // If the dead letter cannot be stored, the step fails and its input is not acknowledged.
                            .deadLetterHandleNewException(false)
                            .useOriginalMessage()
                            .maximumRedeliveries(0)
                            .logExhausted(false)
                            .logStackTrace(false))
                    .onException(AdapterCallException.Rejected.class)
                    .maximumRedeliveries(0)
                    .end()
                    // The event's consumer pauses for the open circuit: the event goes back to it untouched (no
                    // dead letter: this clause's own processor stands in for the dead-letter channel).
                    .onException(AdapterCallException.SourcePaused.class)
                    .handled(false)
                    .maximumRedeliveries(0)
                    .log(LoggingLevel.DEBUG, "${exception.message}")
                    .end()
                    // Waiting for a circuit to close uses up no attempt; beforeCall sets how long to wait.
                    .onException(AdapterCallException.CircuitOpen.class, CallNotPermittedException.class)
                    .retryWhile(exchange -> true)
                    .redeliveryDelay(1000)
                    .end()
                    // Another replica runs this step: wait until its lease may have ended (the ledger sets how long),
                    // then look again; it is done (skipped), still running, or given back or expired (run here).
                    .onException(StepLedger.StepInProgress.class)
                    .retryWhile(exchange -> true)
                    .redeliveryDelay(1000)
                    .end()
                    .onException(Exception.class)
                    .retryWhile(adapter::attemptsLeft)
                    .redeliveryDelay(retry.initialDelay().toMillis())
                    .useExponentialBackOff()
                    .backOffMultiplier(retry.multiplier())
                    .maximumRedeliveryDelay(retry.maxDelay().toMillis())
                    .useCollisionAvoidance()
                    .collisionAvoidanceFactor(retry.jitter())
                    // The inner call runs on a copy inside the circuit breaker: a Retry-After it saw is applied here.
                    .onExceptionOccurred(adapter::beforeRedelivery)
                    .onRedelivery(exchange -> adapter.metrics().retry())
                    .end();
        }
    }
}

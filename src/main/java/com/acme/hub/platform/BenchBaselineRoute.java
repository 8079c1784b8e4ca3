package com.acme.hub.platform;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The baseline of bench/ingest.sh: the same HTTP stack and Camel consumer as the webhook ingress, answering 202
 * without verifying, deduplicating or storing anything. Present only with {@code hub.bench.enabled=true}.
 */
@Component
@ConditionalOnProperty(name = "hub.bench.enabled", havingValue = "true")
class BenchBaselineRoute extends RouteBuilder {

    @Override
    public void configure() {
        from("platform-http:/v1/bench/noop?httpMethodRestrict=POST")
                .routeId("bench-accept-nothing")
                .removeHeaders("*")
                .setHeader(Exchange.HTTP_RESPONSE_CODE, constant(202))
                .setHeader(Exchange.CONTENT_TYPE, constant("application/json"))
                .setBody(constant("{\"status\":\"accepted\"}"));
    }
}

package com.acme.hub.platform;

import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Baselines for bench/, present only with {@code hub.bench.enabled=true}:
 * <ul>
 *   <li>{@code POST /v1/bench/noop}: the same HTTP stack and Camel consumer as the webhook ingress, answering 202
 *       without verifying, deduplicating or storing anything (bench/ingest.sh);
 *   <li>{@code POST /v1/bench/sales/plain} and {@code /v1/bench/sales/resilient}: the same sales intake call, once as
 *       a plain HTTP call and once through the adapter step (idempotent consumer, throttle, circuit breaker),
 *       each with a new event id (bench/adapters.sh).
 * </ul>
 */
@Component
@ConditionalOnProperty(name = "hub.bench.enabled", havingValue = "true")
class BenchBaselineRoute extends RouteBuilder {

    private static final String ORDER = "{\"orderId\":\"SO-BENCH\",\"customerId\":\"C-42\",\"priority\":\"NORMAL\"}";

    @Override
    public void configure() {
        from("platform-http:/v1/bench/noop?httpMethodRestrict=POST")
                .routeId("bench-accept-nothing")
                .removeHeaders("*")
                .setHeader(Exchange.HTTP_RESPONSE_CODE, constant(202))
                .setHeader(Exchange.CONTENT_TYPE, constant("application/json"))
                .setBody(constant("{\"status\":\"accepted\"}"));

        from("platform-http:/v1/bench/sales/plain?httpMethodRestrict=POST")
                .routeId("bench-call-sales-plain")
                .removeHeaders("*")
                .setHeader("Authorization", simple("Bearer {{hub.adapters.sales.token}}"))
                .setHeader("Idempotency-Key", method(UUID.class, "randomUUID"))
                .setHeader(Exchange.HTTP_METHOD, constant("POST"))
                .setHeader(Exchange.CONTENT_TYPE, constant("application/json"))
                .setBody(constant(ORDER))
                .to("{{hub.adapters.sales.base-url}}/api/v2/orders/intake?throwExceptionOnFailure=true")
                .removeHeaders("*")
                .setHeader(Exchange.HTTP_RESPONSE_CODE, constant(200))
                .setBody(constant("{\"status\":\"called\"}"));

        from("platform-http:/v1/bench/sales/resilient?httpMethodRestrict=POST")
                .routeId("bench-call-sales-resilient")
                .removeHeaders("*")
                .setHeader("event-id", method(UUID.class, "randomUUID"))
                .setBody(constant(ORDER))
                .to("direct:sales-order-intake")
                .removeHeaders("*")
                .setHeader(Exchange.HTTP_RESPONSE_CODE, constant(200))
                .setBody(constant("{\"status\":\"called\"}"));
    }
}

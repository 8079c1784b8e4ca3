package com.acme.hub.webhook;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.RouteConfigurationBuilder;

/**
 * {@code POST /v1/webhooks/{source}}: verify, claim, publish to the source's topic and answer 202 only after
 * Kafka acknowledged the record.
 */
class WebhookIngressRoute extends RouteBuilder {

    static final String ROUTE_ID = "webhook-ingest-event";
    static final String ERRORS_ID = "webhook-ingress-errors";

    private final WebhookIngress ingress;
    private final String kafkaEndpoint;

    /** @param kafkaEndpoint one static endpoint (one producer) for every source: the topic travels in a header */
    WebhookIngressRoute(WebhookIngress ingress, String kafkaEndpoint) {
        this.ingress = ingress;
        this.kafkaEndpoint = kafkaEndpoint;
    }

    @Override
    public void configure() {
        from("platform-http:/v1/webhooks/{source}?httpMethodRestrict=POST")
                .routeId(ROUTE_ID)
                .routeConfigurationId(ERRORS_ID)
                .process(ingress::admit)
                .id("webhook-admit")
                .filter(exchangeProperty(WebhookIngress.CLAIMED))
                .to(kafkaEndpoint)
                .id("webhook-publish-kafka")
                .process(ingress::stored)
                .id("webhook-record-receipt")
                .end();
    }

    /**
     * Rejections answer in the error format; a failure before Kafka's acknowledgement answers 503 and forgets the
     * claim, one after it still answers 202.
     */
    static final class Errors extends RouteConfigurationBuilder {

        private final WebhookIngress ingress;

        Errors(WebhookIngress ingress) {
            this.ingress = ingress;
        }

        @Override
        public void configuration() {
            routeConfiguration(ERRORS_ID)
                    .onException(WebhookRejection.class)
                    .handled(true)
                    .process(ingress::rejected)
                    .end()
                    .onException(Exception.class)
                    .handled(true)
                    .process(ingress::notStored)
                    .end();
        }
    }
}

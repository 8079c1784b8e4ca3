package com.acme.hub.observability;

import org.apache.camel.builder.RouteBuilder;

/**
 * A new dead letter is learnt from Kafka {@code integration.dlq}, where the dead-letter channel publishes every letter:
 * one consumer group for all replicas, so each letter is told once, and letters from before the hub started are not.
 */
class DeadLetterNotificationRoute extends RouteBuilder {

    private final Notifications notifications;

    DeadLetterNotificationRoute(Notifications notifications) {
        this.notifications = notifications;
    }

    @Override
    public void configure() {
        from("kafka:{{hub.dead-letters.topic}}?groupId=hub-notifications&autoOffsetReset=latest"
                        + "&headerDeserializer=#class:org.apache.camel.component.kafka.serde.ToStringKafkaHeaderDeserializer")
                .routeId("hub-notify-dead-letters")
                .process(exchange -> {
                    var message = exchange.getMessage();
                    notifications.notify(
                            Notifications.Kind.DEAD_LETTER,
                            message.getHeader("adapter-id", "unknown", String.class),
                            "dead letter " + message.getHeader("dead-letter-id", String.class) + " ("
                                    + message.getHeader("error-type", String.class) + " after "
                                    + message.getHeader("attempts", String.class) + " attempt(s))");
                })
                .id("hub-notify-dead-letter");
    }
}

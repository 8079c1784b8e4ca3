package com.acme.hub.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventTypesTest {

    @Test
    void eachSchemeHasItsPlace() {
        assertThat(type("standard-webhooks", null, Map.of(), "{\"type\":\"order.created\"}"))
                .isEqualTo("order.created");
        assertThat(type("stripe", null, Map.of(), "{\"id\":\"evt_1\",\"type\":\"invoice.paid\"}"))
                .isEqualTo("invoice.paid");
        assertThat(type("docusign", null, Map.of(), "{\"data\":{\"type\":\"x\"},\"event\":\"envelope-completed\"}"))
                .isEqualTo("envelope-completed");
        assertThat(type("github", null, Map.of("x-github-event", "push"), "{\"type\":\"no\"}"))
                .isEqualTo("push");
        assertThat(type("shopify", null, Map.of("X-Shopify-Topic", "orders/create"), "{}"))
                .isEqualTo("orders/create");
        assertThat(type("hmac-sha256", null, Map.of(), "{\"type\":\"x\"}")).isNull();
    }

    @Test
    void aSourceSaysWhereForTheGenericSchemeOrOverrides() {
        assertThat(type("hmac-sha256", "/meta/kind", Map.of(), "{\"meta\":{\"kind\":\"thing.done\"}}"))
                .isEqualTo("thing.done");
        assertThat(type("hmac-sha256", "X-Event-Type", Map.of("x-event-type", "ping"), "{}"))
                .isEqualTo("ping");
        assertThat(type("standard-webhooks", "/kind", Map.of(), "{\"type\":\"a\",\"kind\":\"b\"}"))
                .isEqualTo("b");
    }

    @Test
    void aTypeThatIsNotUsableIsLeftEmpty() {
        assertThat(type("standard-webhooks", null, Map.of(), "{\"type\":42}")).isNull();
        assertThat(type("standard-webhooks", null, Map.of(), "{\"data\":{\"type\":\"nested\"}}"))
                .isNull();
        assertThat(type("standard-webhooks", null, Map.of(), "not json")).isNull();
        assertThat(type("standard-webhooks", null, Map.of(), "{\"type\":\"" + "x".repeat(129) + "\"}"))
                .isNull();
        assertThat(type("github", null, Map.of(), "{}")).isNull();
    }

    private static String type(String scheme, String configured, Map<String, String> headers, String body) {
        return EventTypes.of(
                EventTypes.where(scheme, configured),
                WebhookRequest.of(headers, body.getBytes(StandardCharsets.UTF_8)));
    }
}

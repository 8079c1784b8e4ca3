package com.acme.hub.replicas;

import com.acme.hub.webhook.WebhookSigner;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** An order.created event as the sales system sends it, with ids of its own so no two tests share an order. */
record SalesOrder(String orderId, String eventId, String correlationId) {

    static final String SALES_SECRET = "whsec_cmVwbGljYXMtc2FsZXMtc2VjcmV0LWZvci10ZXN0cw==";
    /** Operations each completed order leaves in the sandbox's ledgers, by system. */
    static final String[][] EFFECTS = {
        {"erp", "order.book"},
        {"esign", "envelope.create"},
        {"esign", "envelope.completed"},
        {"erp", "contract.signed"},
        {"sales", "order.status"}
    };

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    static SalesOrder next() {
        String unique = UUID.randomUUID().toString().substring(0, 12);
        return new SalesOrder("SO-" + unique, "evt_" + unique, UUID.randomUUID().toString());
    }

    String body() {
        return "{\"type\":\"order.created\",\"id\":\"" + eventId + "\",\"occurredAt\":\"2026-01-01T10:00:00Z\","
                + "\"data\":{\"orderId\":\"" + orderId + "\",\"customerId\":\"C-42\",\"priority\":\"HIGH\","
                + "\"currency\":\"EUR\",\"lines\":[{\"sku\":\"PUMP-7\",\"quantity\":2,\"unitPrice\":120.00}],"
                + "\"signer\":{\"name\":\"Ada Lovelace\",\"email\":\"ada@example.com\"}}}";
    }

    /** Posts the signed webhook to one hub: the HTTP status, or -1 when the hub could not be reached at all. */
    int postTo(HubProcess hub) {
        return post(hub).status();
    }

    Answer post(HubProcess hub) {
        byte[] bytes = body().getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(hub.uri("/v1/webhooks/sales"))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .header("X-Correlation-ID", correlationId)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        WebhookSigner.sign("standard-webhooks", SALES_SECRET, eventId, Instant.now(), bytes)
                .forEach(request::header);
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (java.io.IOException e) {
            return new Answer(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, "interrupted");
        }
    }

    record Answer(int status, String body) {}
}

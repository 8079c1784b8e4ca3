package com.acme.hub.webhook;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;

/** Posts webhooks to the hub over real HTTP, signed as each provider would sign them. */
final class WebhookClient {

    private final HttpClient http = HttpClient.newHttpClient();
    private final int port;

    WebhookClient(int port) {
        this.port = port;
    }

    HttpResponse<String> post(String source, String scheme, String secret, String eventId, byte[] body) {
        return post(source, WebhookSigner.sign(scheme, secret, eventId, Instant.now(), body), "application/json", body);
    }

    HttpResponse<String> post(String source, Map<String, String> headers, String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/v1/webhooks/" + source))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException("POST to the hub failed: " + e.getMessage(), e);
        }
    }

    HttpResponse<String> postStream(String source, Map<String, String> headers, HttpRequest.BodyPublisher body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/v1/webhooks/" + source))
                .header("Content-Type", "application/json")
                .POST(body);
        headers.forEach(request::header);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException("POST to the hub failed: " + e.getMessage(), e);
        }
    }
}

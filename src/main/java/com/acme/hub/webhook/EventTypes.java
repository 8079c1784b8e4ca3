package com.acme.hub.webhook;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.filter.FilteringParserDelegate;
import com.fasterxml.jackson.core.filter.JsonPointerBasedFilter;
import com.fasterxml.jackson.core.filter.TokenFilter;
import java.io.IOException;

/**
 * The event's type (ARCHITECTURE.md: the Kafka header {@code event-type}, the receipt's {@code type}), where each
 * scheme's provider puts it: Standard Webhooks and Stripe in the payload's {@code type}, DocuSign Connect in its
 * {@code event}, GitHub in {@code X-GitHub-Event}, Shopify in {@code X-Shopify-Topic}. A source's {@code event-type}
 * setting (a JSON pointer such as {@code /type}, or a header name) says where it is for the generic scheme, or
 * overrides the scheme's place.
 *
 * <p>Body lookups stream the JSON up to the field instead of building a tree: the ingress runs this on every request.
 */
final class EventTypes {

    static final int MAX_LENGTH = 128;
    private static final JsonFactory JSON = new JsonFactory();

    private EventTypes() {}

    /** Where a source's event type is; null when it has none. */
    static String where(String scheme, String configured) {
        if (configured != null && !configured.isBlank()) {
            return configured.strip();
        }
        return switch (scheme) {
            case "standard-webhooks", "stripe" -> "/type";
            case "docusign" -> "/event";
            case "github" -> "X-GitHub-Event";
            case "shopify" -> "X-Shopify-Topic";
            default -> null;
        };
    }

    /** The type at {@code where} (from {@link #where}), or null when it is absent, not text, or too long. */
    static String of(String where, WebhookRequest request) {
        if (where == null) {
            return null;
        }
        String type =
                where.startsWith("/") ? fromBody(JsonPointer.compile(where), request.body()) : request.header(where);
        if (type == null || type.isBlank() || type.length() > MAX_LENGTH) {
            return null;
        }
        return type;
    }

    private static String fromBody(JsonPointer pointer, byte[] body) {
        try (JsonParser parser = new FilteringParserDelegate(
                JSON.createParser(body),
                new JsonPointerBasedFilter(pointer),
                TokenFilter.Inclusion.ONLY_INCLUDE_ALL,
                false)) {
            JsonToken token = parser.nextToken();
            return token == JsonToken.VALUE_STRING ? parser.getText() : null;
        } catch (IOException e) {
            return null;
        }
    }
}

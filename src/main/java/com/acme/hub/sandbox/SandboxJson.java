package com.acme.hub.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;

/** Lenient reading of request bodies: a body that is not JSON reads as empty, and the missing field is reported. */
final class SandboxJson {

    private SandboxJson() {}

    static JsonNode parse(ObjectMapper mapper, String body) {
        if (body == null || body.isBlank()) {
            return mapper.createObjectNode();
        }
        try {
            return mapper.readTree(body);
        } catch (JsonProcessingException e) {
            return mapper.createObjectNode();
        }
    }

    /** A stored result, which the sandbox wrote itself. */
    static JsonNode stored(ObjectMapper mapper, String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("sandbox ledger holds a result that is not JSON", e);
        }
    }

    static Optional<String> text(JsonNode json, String field) {
        JsonNode value = json.path(field);
        return value.isTextual() && !value.asText().isBlank()
                ? Optional.of(value.asText().strip())
                : Optional.empty();
    }
}

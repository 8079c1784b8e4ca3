package com.acme.hub.observability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class HubJsonLogFormatterTest {

    private final HubJsonLogFormatter formatter =
            new HubJsonLogFormatter(new MockEnvironment().withProperty("spring.application.name", "hub-under-test"));

    @Test
    void writesOneJsonLineWithTheContractFields() throws Exception {
        LoggingEvent event = event("Accepted {}", new Object[] {"evt_1"}, null);
        event.setMDCPropertyMap(Map.of("request_id", "corr-7", "camel.routeId", "webhook-ingest"));

        String line = formatter.format(event);

        assertThat(line).endsWith("\n").doesNotContain("\n\n");
        assertThat(line.strip()).doesNotContain("\n");
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.path("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(json.path("level").asText()).isEqualTo("INFO");
        assertThat(json.path("service").asText()).isEqualTo("hub-under-test");
        assertThat(json.path("message").asText()).isEqualTo("Accepted evt_1");
        assertThat(json.path("request_id").asText()).isEqualTo("corr-7");
        assertThat(json.path("context").path("logger").asText()).isEqualTo("com.acme.hub.Test");
        assertThat(json.path("metadata").path("camel.routeId").asText()).isEqualTo("webhook-ingest");
        assertThat(json.path("metadata").has("request_id")).isFalse();
    }

    @Test
    void failuresAreLoggedByMessageWithoutStackTraceOrClassName() throws Exception {
        LoggingEvent event = event("Call failed", null, new IllegalStateException("connection refused"));
        event.setMDCPropertyMap(Map.of());

        String line = formatter.format(event);

        assertThat(line).doesNotContain("IllegalStateException").doesNotContain("\tat ");
        assertThat(new ObjectMapper()
                        .readTree(line)
                        .path("metadata")
                        .path("error")
                        .asText())
                .isEqualTo("connection refused");
        assertThat(new ObjectMapper().readTree(line).has("request_id")).isFalse();
    }

    @Test
    void anOrdersSignerEmailAndPhoneAreMaskedInTheMessageAndTheMetadata() throws Exception {
        String order = "{\"orderId\":\"SO-1001\",\"signer\":{\"name\":\"Ada Lovelace\","
                + "\"email\":\"ada@example.com\",\"phone\":\"+44 20 7946 0958\"}}";
        LoggingEvent event =
                event("Order received: {}", new Object[] {order}, new IllegalStateException("bad ada@example.com"));
        event.setMDCPropertyMap(Map.of("signer", "ada@example.com", "trace_id", "4bf92f3577b34da6a3ce929d0e0e4736"));

        String line = formatter.format(event);

        assertThat(line).doesNotContain("ada@example.com").doesNotContain("7946 0958");
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.path("message").asText()).contains("SO-1001", "***@example.com", "***58");
        assertThat(json.path("metadata").path("signer").asText()).isEqualTo("***@example.com");
        assertThat(json.path("metadata").path("error").asText()).isEqualTo("bad ***@example.com");
        assertThat(json.path("trace_id").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(json.path("metadata").has("trace_id")).isFalse();
    }

    private static LoggingEvent event(String message, Object[] args, Throwable error) {
        LoggerContext context = new LoggerContext();
        return new LoggingEvent("fqcn", context.getLogger("com.acme.hub.Test"), Level.INFO, message, error, args);
    }
}

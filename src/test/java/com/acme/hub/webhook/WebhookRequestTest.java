package com.acme.hub.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookRequestTest {

    @Test
    void headerLookupIgnoresCase() {
        WebhookRequest request = WebhookRequest.of(Map.of("Webhook-Id", "msg_1"), new byte[0]);

        assertThat(request.header("webhook-id")).isEqualTo("msg_1");
        assertThat(request.header("WEBHOOK-ID")).isEqualTo("msg_1");
    }

    @Test
    void absentHeaderIsNull() {
        assertThat(WebhookRequest.of(Map.of(), new byte[0]).header("webhook-id"))
                .isNull();
    }

    @Test
    void bodyIsTheBytesAsReceived() {
        byte[] body = "{\"a\": 1}\r\n".getBytes(StandardCharsets.UTF_8);

        assertThat(WebhookRequest.of(Map.of(), body).body()).containsExactly(body);
    }
}

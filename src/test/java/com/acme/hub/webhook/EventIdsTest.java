package com.acme.hub.webhook;

import static com.acme.hub.webhook.TestSignatures.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.acme.hub.webhook.Verification.Verified;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventIdsTest {

    // SHA-256 of "hello", from any reference table
    private static final String HELLO_SHA256 = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

    private static final Map<String, String> BOTH_HEADERS = Map.of("Idempotency-Key", "idem-1", "X-Event-ID", "xevt-1");

    @Test
    void schemeIdWinsOverEveryHeader() {
        assertThat(EventIds.resolve(request(BOTH_HEADERS, "hello"), new Verified("msg_1")))
                .isEqualTo("msg_1");
    }

    @Test
    void idempotencyKeyComesNextWhenTheSchemeCarriesNoId() {
        assertThat(EventIds.resolve(request(BOTH_HEADERS, "hello"), new Verified(null)))
                .isEqualTo("idem-1");
    }

    @Test
    void xEventIdComesAfterTheIdempotencyKey() {
        assertThat(EventIds.resolve(request(Map.of("X-Event-ID", "xevt-1"), "hello"), new Verified(null)))
                .isEqualTo("xevt-1");
    }

    @Test
    void bodyDigestIsTheLastResort() {
        assertThat(EventIds.resolve(request(Map.of(), "hello"), new Verified(null)))
                .isEqualTo(HELLO_SHA256);
    }

    @Test
    void blankIdsCountAsAbsent() {
        Map<String, String> headers = Map.of("Idempotency-Key", " ", "X-Event-ID", "");

        assertThat(EventIds.resolve(request(headers, "hello"), new Verified(" ")))
                .isEqualTo(HELLO_SHA256);
    }

    @Test
    void fallbackHeadersAreMatchedRegardlessOfCase() {
        assertThat(EventIds.resolve(request(Map.of("idempotency-key", "idem-1"), "hello"), new Verified(null)))
                .isEqualTo("idem-1");
        assertThat(EventIds.resolve(request(Map.of("x-event-id", "xevt-1"), "hello"), new Verified(null)))
                .isEqualTo("xevt-1");
    }
}

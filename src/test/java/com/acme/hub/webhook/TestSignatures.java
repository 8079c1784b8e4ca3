package com.acme.hub.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.hub.webhook.Verification.Rejected;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Expected values computed independently of the production code, and the fixtures the scheme tests share. */
final class TestSignatures {

    static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
    static final Duration TOLERANCE = Duration.ofMinutes(5);

    private TestSignatures() {}

    static byte[] hmacSha256(byte[] key, String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] hmacSha256(String key, String content) {
        return hmacSha256(key.getBytes(StandardCharsets.UTF_8), content);
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    static WebhookRequest request(Map<String, String> headers, String body) {
        return WebhookRequest.of(headers, body.getBytes(StandardCharsets.UTF_8));
    }

    static void assertRejected(Verification verification, int status, String code, String field) {
        assertThat(verification).isInstanceOfSatisfying(Rejected.class, rejected -> {
            assertThat(rejected.status()).isEqualTo(status);
            assertThat(rejected.code()).isEqualTo(code);
            assertThat(rejected.field()).isEqualTo(field);
            assertThat(rejected.reason()).isNotBlank();
        });
    }
}

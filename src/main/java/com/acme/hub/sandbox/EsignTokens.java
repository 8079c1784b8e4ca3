package com.acme.hub.sandbox;

import com.acme.hub.platform.HubProperties;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Access tokens of the simulated e-signature provider. In memory: a provider that restarts may well invalidate its
 * tokens, and the hub must cope with a 401 by fetching a new one anyway.
 */
@Component
@SandboxEnabled
class EsignTokens {

    record Issued(String token, Duration ttl) {}

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Instant> expiries = new ConcurrentHashMap<>();
    private final Duration ttl;
    private final Clock clock = Clock.systemUTC();

    EsignTokens(HubProperties properties) {
        this.ttl = properties.sandbox().esign().tokenTtl();
    }

    Issued issue() {
        Instant now = clock.instant();
        // Forget expired tokens here, so a long-running sandbox does not keep every token it ever issued.
        expiries.values().removeIf(expiry -> !expiry.isAfter(now));
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        expiries.put(token, now.plus(ttl));
        return new Issued(token, ttl);
    }

    boolean valid(String token) {
        Instant expiry = token == null ? null : expiries.get(token);
        return expiry != null && expiry.isAfter(clock.instant());
    }
}

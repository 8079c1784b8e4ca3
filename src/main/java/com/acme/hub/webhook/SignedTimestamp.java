package com.acme.hub.webhook;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

/** The unix-seconds timestamps that schemes sign to bound replays. */
final class SignedTimestamp {

    private SignedTimestamp() {}

    /** The seconds, or empty unless the text is plain decimal digits (no sign, no fraction) that fit a long. */
    static OptionalLong parse(String text) {
        if (text == null || text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    static boolean within(long seconds, Duration tolerance, Instant now) {
        Instant signedAt;
        try {
            signedAt = Instant.ofEpochSecond(seconds);
        } catch (DateTimeException e) {
            // Beyond the range of Instant is beyond any tolerance
            return false;
        }
        return Duration.between(signedAt, now).abs().compareTo(tolerance) <= 0;
    }
}

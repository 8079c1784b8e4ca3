package com.acme.hub.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 and the secret handling every scheme shares. */
final class Hmac {

    private static final String ALGORITHM = "HmacSHA256";

    private Hmac() {}

    static byte[] sha256(byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            // Every Java platform must provide HmacSHA256 and keys are checked non-empty before they get here
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /**
     * Whether any key signs the parts into any of the presented signatures. Every comparison is constant-time, so how
     * long a rejection takes says nothing about how close a forgery came.
     */
    static boolean matchesAny(List<byte[]> keys, List<byte[]> presented, byte[]... parts) {
        for (byte[] key : keys) {
            byte[] expected = sha256(key, parts);
            for (byte[] signature : presented) {
                if (MessageDigest.isEqual(expected, signature)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The keys of schemes whose secret is used as it is, as UTF-8 bytes. */
    static List<byte[]> utf8Keys(List<String> secrets) {
        return requireSecrets(secrets).stream().map(Hmac::utf8Key).toList();
    }

    static byte[] utf8Key(String secret) {
        requireSecret(secret);
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    /** Empty when the text is not hex: a garbled signature cannot match, but others in the same request may. */
    static Optional<byte[]> fromHex(String text) {
        try {
            return Optional.of(HexFormat.of().parseHex(text));
        } catch (IllegalArgumentException notHex) {
            return Optional.empty();
        }
    }

    /** Empty when the text is not base64, for the same reason as {@link #fromHex}. */
    static Optional<byte[]> fromBase64(String text) {
        try {
            return Optional.of(Base64.getDecoder().decode(text));
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }

    static List<String> requireSecrets(List<String> secrets) {
        if (secrets == null || secrets.isEmpty()) {
            throw new IllegalArgumentException("at least one webhook secret is required");
        }
        secrets.forEach(Hmac::requireSecret);
        return secrets;
    }

    static void requireSecret(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("a webhook secret is blank");
        }
    }
}

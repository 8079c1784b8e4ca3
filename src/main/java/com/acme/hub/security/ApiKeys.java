package com.acme.hub.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The management API's keys, table {@code api_key}. A key is stored only as its SHA-256 hash: a key is a long random
 * secret, so an unsalted fast hash is enough to make a leaked table useless, and it lets a presented key be found by
 * its hash in one indexed lookup.
 */
@Repository
class ApiKeys {

    static final String BOOTSTRAP = "bootstrap";

    record ApiKey(String name, Role role, Instant createdAt, Instant revokedAt) {}

    /** A key just made: the only time its secret is known. */
    record Issued(ApiKey key, String secret) {}

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcTemplate jdbc;
    private final Clock clock;

    ApiKeys(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.clock = Clock.systemUTC();
    }

    /** The live key with this secret, if any; revoked keys are not found. */
    Optional<ApiKey> authenticate(String secret) {
        return jdbc
                .query(
                        "SELECT name, key_role, created_at, revoked_at FROM api_key"
                                + " WHERE key_hash = ? AND revoked_at IS NULL",
                        ApiKeys::key,
                        hash(secret))
                .stream()
                .findFirst();
    }

    /** A new key with a random secret; empty if the name is taken. */
    Optional<Issued> issue(String name, Role role) {
        String secret = "hub_" + Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes());
        Instant now = clock.instant();
        try {
            jdbc.update(
                    "INSERT INTO api_key (name, key_hash, key_role, created_at) VALUES (?, ?, ?, ?)",
                    name,
                    hash(secret),
                    role.id(),
                    Timestamp.from(now));
        } catch (DuplicateKeyException e) {
            return Optional.empty();
        }
        return Optional.of(new Issued(new ApiKey(name, role, now, null), secret));
    }

    List<ApiKey> all() {
        return jdbc.query("SELECT name, key_role, created_at, revoked_at FROM api_key ORDER BY name", ApiKeys::key);
    }

    /** Revokes a live key; false if there is no live key by that name. */
    boolean revoke(String name) {
        return jdbc.update(
                        "UPDATE api_key SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL",
                        Timestamp.from(clock.instant()),
                        name)
                == 1;
    }

    /**
     * Makes {@code secret} the live admin key named {@code bootstrap}. Replicas starting together may race to insert
     * it: the loser updates instead.
     */
    void bootstrap(String secret) {
        String hash = hash(secret);
        Timestamp now = Timestamp.from(clock.instant());
        for (int attempt = 0; attempt < 2; attempt++) {
            int updated = jdbc.update(
                    "UPDATE api_key SET key_hash = ?, key_role = ?, revoked_at = NULL WHERE name = ?",
                    hash,
                    Role.ADMIN.id(),
                    BOOTSTRAP);
            if (updated == 1) {
                return;
            }
            try {
                jdbc.update(
                        "INSERT INTO api_key (name, key_hash, key_role, created_at) VALUES (?, ?, ?, ?)",
                        BOOTSTRAP,
                        hash,
                        Role.ADMIN.id(),
                        now);
                return;
            } catch (DuplicateKeyException raced) {
                // another replica inserted it first: update it on the next pass
            }
        }
    }

    /** Revokes a bootstrap key left from a start-up that had one configured; true if there was one. */
    boolean revokeBootstrap() {
        return revoke(BOOTSTRAP);
    }

    static String hash(String secret) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static ApiKey key(ResultSet rs, int row) throws SQLException {
        Timestamp revoked = rs.getTimestamp("revoked_at");
        return new ApiKey(
                rs.getString("name"),
                Role.of(rs.getString("key_role")).orElseThrow(),
                rs.getTimestamp("created_at").toInstant(),
                revoked == null ? null : revoked.toInstant());
    }
}

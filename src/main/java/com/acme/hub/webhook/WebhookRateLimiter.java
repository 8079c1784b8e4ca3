package com.acme.hub.webhook;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Per-source token buckets (Bucket4j). On PostgreSQL the bucket state lives in the shared database, so all
 * replicas draw from one bucket; on the embedded H2 default (a single hub) the buckets live in memory.
 */
class WebhookRateLimiter {

    private final ProxyManager<String> shared;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final long configurationVersion = System.currentTimeMillis();

    WebhookRateLimiter(DataSource dataSource) {
        this.shared = isPostgresql(dataSource)
                ? Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                        .primaryKeyMapper(PrimaryKeyMapper.STRING)
                        .table("rate_limit_bucket")
                        .idColumn("id")
                        .stateColumn("state")
                        .build()
                : null;
    }

    /**
     * @return empty when the request may proceed, else how many seconds until a token is free
     */
    OptionalLong tryAcquire(String source, double perSecond) {
        Bucket bucket = buckets.computeIfAbsent(source, key -> create(key, perSecond));
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return OptionalLong.empty();
        }
        long seconds = Math.max(1, (long) Math.ceil(probe.getNanosToWaitForRefill() / 1_000_000_000.0));
        return OptionalLong.of(seconds);
    }

    private Bucket create(String source, double perSecond) {
        // A burst of one second's worth, refilled smoothly: the rate holds over any one-second window.
        long capacity = Math.max(1, (long) Math.ceil(perSecond));
        Duration period = Duration.ofNanos((long) (capacity / perSecond * 1_000_000_000L));
        BucketConfiguration configuration = BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(capacity).refillGreedy(capacity, period))
                .build();
        if (shared == null) {
            return Bucket.builder().addLimit(configuration.getBandwidths()[0]).build();
        }
        // The stored configuration wins unless a newer version replaces it: the start time of this hub makes a
        // changed rate take effect after a (rolling) restart, keeping the tokens already in the bucket.
        // Each replica takes up to a twentieth of a second's tokens (at least one) locally before it writes the
        // shared state, and at least every 50 ms: a row lock per request, held until the commit's WAL flush,
        // would serialise every webhook of a source on one database row. The limit can be overshot by that
        // share per replica, no more.
        long unsynchronized = Math.max(1, capacity / 20);
        return shared.builder()
                .withOptimization(Optimizations.delaying(new DelayParameters(unsynchronized, Duration.ofMillis(50))))
                .withImplicitConfigurationReplacement(configurationVersion, TokensInheritanceStrategy.PROPORTIONALLY)
                .build("webhook:" + source, () -> configuration);
    }

    private static boolean isPostgresql(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return connection
                    .getMetaData()
                    .getDatabaseProductName()
                    .toLowerCase()
                    .contains("postgres");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the database to set up rate limits: " + e.getMessage(), e);
        }
    }
}

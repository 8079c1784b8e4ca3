package com.acme.hub.platform.adapter;

import com.acme.hub.platform.HubProperties;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * One token bucket per adapter (Bucket4j), shared by every replica: on PostgreSQL the bucket's state is a row of
 * {@code rate_limit_bucket} that each replica draws from under a row lock, so three replicas together call an
 * integration no faster than one would. Concurrent draws within one replica are batched into one database call. On the
 * embedded H2 default (one hub, a file no other process opens) the buckets live in memory.
 */
public final class AdapterRateLimits {

    private final ProxyManager<String> shared;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    /** A changed limit replaces the stored one when a hub started later than the one that stored it. */
    private final long configurationVersion = System.currentTimeMillis();

    public AdapterRateLimits(DataSource dataSource) {
        this.shared = isPostgresql(dataSource)
                ? Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                        .primaryKeyMapper(PrimaryKeyMapper.STRING)
                        .table("rate_limit_bucket")
                        .idColumn("id")
                        .stateColumn("state")
                        .build()
                : null;
    }

    /** Waits until the adapter may make one more call. */
    public void acquire(String adapterId, HubProperties.RateLimit limit) throws InterruptedException {
        buckets.computeIfAbsent(adapterId, id -> create(id, limit)).asBlocking().consume(1);
    }

    /**
     * Up to {@code burst} calls at once, then {@code perSecond} refilled smoothly: after a burst, no window of any
     * length sees more than the rate (plus the burst, once).
     */
    private Bucket create(String adapterId, HubProperties.RateLimit limit) {
        long nanosPerToken = Math.round(1_000_000_000L / limit.perSecond());
        BucketConfiguration configuration = BucketConfiguration.builder()
                .addLimit(
                        bandwidth -> bandwidth.capacity(limit.burst()).refillGreedy(1, Duration.ofNanos(nanosPerToken)))
                .build();
        if (shared == null) {
            return Bucket.builder().addLimit(configuration.getBandwidths()[0]).build();
        }
        return shared.builder()
                .withOptimization(Optimizations.batching())
                .withImplicitConfigurationReplacement(configurationVersion, TokensInheritanceStrategy.PROPORTIONALLY)
                .build("adapter:" + adapterId, () -> configuration);
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

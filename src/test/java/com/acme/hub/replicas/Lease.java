package com.acme.hub.replicas;

import java.time.Duration;
import java.util.List;

/**
 * How long a replica's claim on a step outlives the replica. Today's hub has no setting for it: Camel's
 * JdbcOrphanLockAwareIdempotentRepository takes a key as held for {@code lockMaxAge}, fixed at 5 minutes.
 */
final class Lease {

    static final Duration LENGTH = Duration.ofMinutes(5);
    static final List<String> SETTINGS = List.of();

    private Lease() {}
}

package com.acme.hub.replicas;

import java.time.Duration;
import java.util.List;

/**
 * How long a replica's claim on a step outlives the replica (hub.steps.lease, docs/step-ledger.md): short here, so a
 * killed replica's steps are taken over, and a restart outlasts every lease, within seconds.
 */
final class Lease {

    static final Duration LENGTH = Duration.ofSeconds(10);
    static final List<String> SETTINGS =
            List.of("--hub.steps.lease=" + LENGTH.toSeconds() + "s", "--hub.steps.renew-every=3s");

    private Lease() {}
}

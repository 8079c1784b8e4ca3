package com.acme.hub.replicas;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A simulated system's ledger as GET /sandbox/{system}/ledger answers it. */
record Ledger(long requests, List<Effect> effects) {

    record Effect(String idempotencyKey, String operation, String reference, Instant at) {}

    /** How many effects of this operation each order has. */
    Map<String, Long> perOrder(String operation) {
        return effects.stream()
                .filter(effect -> effect.operation().equals(operation))
                .collect(Collectors.groupingBy(Effect::reference, Collectors.counting()));
    }

    long count(String operation) {
        return effects.stream()
                .filter(effect -> effect.operation().equals(operation))
                .count();
    }
}

package com.acme.hub.sandbox;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.stereotype.Component;

/**
 * Faults a test or a demo has told a simulated system to have. Kept in memory: they steer this process' simulators
 * and nothing should remember them after a restart, unlike the ledgers.
 */
@Component
@SandboxEnabled
class SandboxFaults {

    /**
     * @param errorRate share of calls that fail, 0..1
     * @param status the HTTP status a failed call answers (the ERP, on RabbitMQ, rejects the message instead)
     * @param latencyMs added to every call, failed or not
     * @param retryAfterSeconds sent as {@code Retry-After} on failed calls when present
     */
    record Fault(double errorRate, int status, long latencyMs, Integer retryAfterSeconds) {}

    private final Map<SandboxSystem, Fault> faults = new ConcurrentHashMap<>();

    void set(SandboxSystem system, Fault fault) {
        faults.put(system, fault);
    }

    void clear(SandboxSystem system) {
        faults.remove(system);
    }

    Optional<Fault> current(SandboxSystem system) {
        return Optional.ofNullable(faults.get(system));
    }

    /**
     * Plays the system's faults for one call: waits the latency, then answers the fault if this call is to fail.
     * Blocking the caller's thread is the point: a slow system holds its callers' connections.
     */
    Optional<Fault> strike(SandboxSystem system) {
        Fault fault = faults.get(system);
        if (fault == null) {
            return Optional.empty();
        }
        if (fault.latencyMs() > 0) {
            try {
                Thread.sleep(fault.latencyMs());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // errorRate 1.0 must fail every call and 0.0 none: nextDouble() is in [0, 1).
        boolean fails = ThreadLocalRandom.current().nextDouble() < fault.errorRate();
        return fails ? Optional.of(fault) : Optional.empty();
    }
}

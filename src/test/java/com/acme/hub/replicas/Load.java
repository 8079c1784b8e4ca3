package com.acme.hub.replicas;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Orders posted at a steady rate, round-robin over the replicas that are alive (as a load balancer would send them),
 * each from its own thread so a hub that takes seconds to refuse does not slow the rate. Only a 202 counts as
 * acknowledged: what the hub refused or never answered, the sender still holds.
 */
final class Load implements AutoCloseable {

    private final List<HubProcess> replicas;
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService senders = Executors.newCachedThreadPool();
    private final List<SalesOrder> acknowledged = Collections.synchronizedList(new ArrayList<>());
    private final List<Integer> refusals = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger next = new AtomicInteger();

    private Load(List<HubProcess> replicas) {
        this.replicas = replicas;
    }

    static Load start(List<HubProcess> replicas, int perSecond) {
        Load load = new Load(replicas);
        load.clock.scheduleAtFixedRate(load::postOne, 0, 1000 / perSecond, TimeUnit.MILLISECONDS);
        return load;
    }

    private void postOne() {
        List<HubProcess> alive = replicas.stream().filter(HubProcess::alive).toList();
        if (alive.isEmpty()) {
            return;
        }
        HubProcess target = alive.get(Math.floorMod(next.getAndIncrement(), alive.size()));
        attempts.incrementAndGet();
        senders.execute(() -> {
            SalesOrder order = SalesOrder.next();
            int status = order.postTo(target);
            if (status == 202) {
                acknowledged.add(order);
            } else {
                refusals.add(status);
            }
        });
    }

    int attempts() {
        return attempts.get();
    }

    int acknowledgedCount() {
        return acknowledged.size();
    }

    /** The orders acknowledged so far. */
    List<SalesOrder> acknowledged() {
        synchronized (acknowledged) {
            return List.copyOf(acknowledged);
        }
    }

    List<Integer> refusals() {
        synchronized (refusals) {
            return List.copyOf(refusals);
        }
    }

    /** Stops posting and waits for the answers still outstanding; returns the orders acknowledged with 202. */
    List<SalesOrder> stop() {
        clock.shutdownNow();
        senders.shutdown();
        try {
            senders.awaitTermination(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (acknowledged) {
            return List.copyOf(acknowledged);
        }
    }

    @Override
    public void close() {
        clock.shutdownNow();
        senders.shutdownNow();
    }
}

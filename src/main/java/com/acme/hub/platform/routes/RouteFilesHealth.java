package com.acme.hub.platform.routes;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

/**
 * Route files the hub refused to reload, and why; {@code routeFiles} in {@code /actuator/health}.
 *
 * <p>Always UP: a refused file leaves its previous routes running, so the hub still serves, and it must neither be
 * taken out of readiness nor pull the overall status down. What is wrong is in the status description, which shows
 * even where health details are hidden, until a fixed version is loaded.
 */
final class RouteFilesHealth implements HealthIndicator {

    private final Map<String, List<Problem>> refused = new ConcurrentHashMap<>();

    void refused(String file, List<Problem> problems) {
        refused.put(file, List.copyOf(problems));
    }

    void loaded(String file) {
        refused.remove(file);
    }

    @Override
    public Health health() {
        Map<String, List<Problem>> now = new TreeMap<>(refused);
        if (now.isEmpty()) {
            return Health.up().build();
        }
        String problems = now.values().stream()
                .flatMap(List::stream)
                .map(Problem::toString)
                .collect(Collectors.joining("; "));
        return Health.status(
                        new Status(Status.UP.getCode(), "not reloaded, previous routes still running: " + problems))
                .withDetail(
                        "notReloaded",
                        now.entrySet().stream()
                                .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().stream()
                                        .map(Problem::toString)
                                        .toList())))
                .build();
    }
}

package com.acme.hub.replicas;

import static org.awaitility.Awaitility.await;

import com.acme.hub.testing.JavaProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One hub as its own JVM from target/hub.jar: started, stopped gracefully, or killed with SIGKILL. */
final class HubProcess {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final Path jar;
    private final Path dir;
    private final List<String> args;
    private Process process;
    private int starts;

    HubProcess(String name, int port, Path jar, Path dir, List<String> args) {
        this.name = name;
        this.port = port;
        this.jar = jar;
        this.dir = dir.toAbsolutePath();
        this.args = new ArrayList<>(args);
        this.args.add("--server.port=" + port);
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    /** How often this hub was started, restarts included. */
    synchronized int starts() {
        return starts;
    }

    synchronized HubProcess start() {
        if (alive()) {
            throw new IllegalStateException(name + " is already running");
        }
        process = JavaProcess.jar(jar, JavaProcess.SMALL_JVM, args, dir, dir.resolve("hub.log"));
        starts++;
        return this;
    }

    synchronized long pid() {
        return process.pid();
    }

    synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    /** Waits until readiness (database, RabbitMQ, Kafka) answers 200; fails at once if the JVM exited. */
    HubProcess awaitReady(Duration atMost) {
        await(name + " ready")
                .atMost(atMost)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    if (!alive()) {
                        throw new IllegalStateException(name + " exited; see " + dir.resolve("hub.log"));
                    }
                    return ready();
                });
        return this;
    }

    boolean ready() {
        try {
            return HTTP.send(
                                    HttpRequest.newBuilder(uri("/actuator/health/readiness"))
                                            .timeout(Duration.ofSeconds(3))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * Whether an exchange is inside the route {@code routeId} right now (Camel's in-flight gauge), e.g. a step
     * waiting for the external system's answer.
     */
    boolean inFlight(String routeId) {
        try {
            String scrape = HTTP.send(
                            HttpRequest.newBuilder(uri("/actuator/prometheus"))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            Matcher gauge = Pattern.compile("(?m)^camel_exchanges_inflight\\{[^}]*routeId=\"" + Pattern.quote(routeId)
                            + "\"[^}]*} ([0-9.eE+]+)$")
                    .matcher(scrape);
            return gauge.find() && Double.parseDouble(gauge.group(1)) > 0;
        } catch (Exception e) {
            return false;
        }
    }

    /** SIGKILL: whatever the hub was doing stops mid-step; its leases and claims stay behind. */
    synchronized void kill() {
        if (process != null) {
            JavaProcess.kill(process);
        }
    }

    /** SIGTERM and Spring's graceful shutdown. */
    synchronized void stop() {
        if (process != null) {
            JavaProcess.stop(process, 45);
        }
    }

    /**
     * SIGTERM, as Kubernetes sends it: whether the hub exited within {@code gracePeriod}. One that did not is killed
     * (SIGKILL), as Kubernetes does when the grace period ends.
     */
    synchronized boolean terminate(Duration gracePeriod) {
        process.destroy();
        try {
            if (process.waitFor(gracePeriod.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        JavaProcess.kill(process);
        return false;
    }

    URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    Path log() {
        return dir.resolve("hub.log");
    }

    @Override
    public String toString() {
        return name + ":" + port;
    }
}

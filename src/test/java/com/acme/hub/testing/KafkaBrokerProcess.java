package com.acme.hub.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft Kafka broker in its own OS process ({@code kafka.Kafka} with a generated server.properties,
 * from the hub jar's kafka_2.13), so that several hub processes share it and a test can kill it with SIGKILL and start
 * it again on the same ports and log directory, as an operator's broker would come back.
 */
public final class KafkaBrokerProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);

    private final Path jar;
    private final Path dir;
    private final int port;
    private final int controllerPort;
    private Process process;

    private KafkaBrokerProcess(Path jar, Path dir, int port, int controllerPort) {
        this.jar = jar;
        this.dir = dir.toAbsolutePath();
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /** Formats a new log directory under {@code dir}, starts the broker and waits until it answers. */
    public static KafkaBrokerProcess start(Path jar, Path dir, int port, int controllerPort) {
        KafkaBrokerProcess broker = new KafkaBrokerProcess(
                jar, dir, port == 0 ? freePort() : port, controllerPort == 0 ? freePort() : controllerPort);
        broker.writeConfiguration();
        broker.format();
        broker.start();
        return broker;
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public int port() {
        return port;
    }

    public synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    /** Starts the broker again on the same ports and data, and waits until it answers. */
    public synchronized void start() {
        if (alive()) {
            throw new IllegalStateException("the Kafka broker is already running");
        }
        process = JavaProcess.main(
                jar,
                "kafka.Kafka",
                jvmOptions(),
                List.of(dir.resolve("server.properties").toString()),
                dir,
                dir.resolve("kafka.log"));
        await("Kafka broker on port " + port)
                .atMost(START_TIMEOUT)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException(
                                "the Kafka broker exited with " + process.exitValue() + "; see " + dir + "/kafka.log");
                    }
                    return answers();
                });
    }

    /** SIGKILL, as a broker whose machine died. */
    public synchronized void kill() {
        if (process != null) {
            JavaProcess.kill(process);
        }
    }

    @Override
    public void close() {
        kill();
    }

    private boolean answers() {
        // A closed port first: each Admin client logs its whole configuration when created.
        try (java.net.Socket probe = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
            probe.setSoLinger(true, 0);
        } catch (IOException e) {
            return false;
        }
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))) {
            return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    private void writeConfiguration() {
        String controller = "localhost:" + controllerPort;
        List<String> lines = new ArrayList<>(List.of(
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@" + controller,
                "listeners=PLAINTEXT://localhost:" + port + ",CONTROLLER://" + controller,
                "advertised.listeners=PLAINTEXT://localhost:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
                // One node: every internal topic has one replica.
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "min.insync.replicas=1",
                "group.initial.rebalance.delay.ms=0",
                "num.partitions=3",
                "auto.create.topics.enable=true"));
        String logback =
                """
                <configuration>
                  <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d %level %logger{30} %msg%n</pattern></encoder>
                  </appender>
                  <root level="WARN"><appender-ref ref="out"/></root>
                </configuration>
                """;
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve("server.properties"), lines);
            Files.writeString(dir.resolve("logback.xml"), logback);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** kafka-storage format, as an operator does once for a new KRaft node. */
    private void format() {
        Process formatting = JavaProcess.main(
                jar,
                "kafka.tools.StorageTool",
                jvmOptions(),
                List.of(
                        "format",
                        "--cluster-id",
                        Uuid.randomUuid().toString(),
                        "--config",
                        dir.resolve("server.properties").toString()),
                dir,
                dir.resolve("kafka.log"));
        try {
            if (!formatting.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || formatting.exitValue() != 0) {
                formatting.destroyForcibly();
                throw new IllegalStateException("kafka-storage format failed; see " + dir + "/kafka.log");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while formatting Kafka storage", e);
        }
    }

    private List<String> jvmOptions() {
        // Kafka logs through SLF4J to the jar's Logback, whose own default would print every DEBUG line.
        return List.of(
                "-Xmx256m",
                "-XX:ActiveProcessorCount=1",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Dlogback.configurationFile=" + dir.resolve("logback.xml"));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

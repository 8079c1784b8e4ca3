package com.acme.hub.replicas;

import static org.awaitility.Awaitility.await;

import com.acme.hub.testing.KafkaBrokerProcess;
import com.acme.hub.testing.TcpProxy;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What the replica tests share, started once per test JVM: a Kafka broker process, a database and a RabbitMQ virtual
 * host of their own (created afresh, so the in-JVM integration tests' contexts, which stay cached and keep consuming
 * their own queues, never meet these hubs' messages), TCP proxies the replicas reach PostgreSQL and RabbitMQ through
 * (so a test can cut them), and the sandbox: a hub process with the simulated systems and no flows, reached directly.
 * It plays the external systems, so it is never killed; the replicas are.
 */
final class ReplicaEnvironment {

    static final String ADMIN_KEY = "replicas-admin-key";
    static final String ESIGN_SECRET = "replicas-connect-secret";
    /** The flows' Kafka consumer groups and their topics (routes/*.yaml). */
    static final Map<String, String> FLOW_GROUPS =
            Map.of("sales-order-intake", "hub.inbound.sales", "esign-envelope-completed", "hub.inbound.esign");

    /** How long a hub may take to be ready; a machine shared with other builds may need -Dreplicas.start-timeout=15. */
    static final Duration START_TIMEOUT = Duration.ofMinutes(Long.getLong("replicas.start-timeout", 6));

    private static ReplicaEnvironment instance;
    private static RuntimeException failed;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<HubProcess> hubs = new CopyOnWriteArrayList<>();
    private final Path jar;
    private final Path root;
    private final String dbHost;
    private final int dbPort;
    private final String dbName;
    private final String dbUser;
    private final String dbPassword;
    private final String vhost;
    private final int rabbitPort;
    private final int portBase;
    private int nextPort;
    private final KafkaBrokerProcess kafka;
    private final TcpProxy database;
    private final TcpProxy rabbit;
    private final HubProcess sandbox;
    private int sandboxPort;

    /** The environment, started on first use and torn down when the JVM exits. */
    static synchronized ReplicaEnvironment get() {
        if (failed != null) {
            throw new IllegalStateException("the replica environment did not start: " + failed.getMessage(), failed);
        }
        if (instance == null) {
            try {
                instance = new ReplicaEnvironment();
            } catch (RuntimeException e) {
                // Not again for the next test class: it would meet this attempt's processes on the same ports.
                failed = e;
                throw e;
            }
        }
        return instance;
    }

    private ReplicaEnvironment() {
        jar = Path.of(System.getProperty("replicas.jar", "target/hub.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    jar + " is missing: the replica tests run the packaged hub (./mvnw verify)");
        }
        root = Path.of("target", "replicas", LocalDateTime.now().format(DateTimeFormatter.ofPattern("HHmmss")))
                .toAbsolutePath();
        URI db = URI.create(env("HUB_TEST_DB_URL", "jdbc:postgresql://localhost:5432/hub_test")
                .substring(5));
        dbHost = db.getHost();
        dbPort = db.getPort() == -1 ? 5432 : db.getPort();
        dbName = db.getPath().substring(1) + "_replicas";
        dbUser = env("HUB_TEST_DB_USER", "postgres");
        dbPassword = env("HUB_TEST_DB_PASSWORD", "");
        vhost = env("SPRING_RABBITMQ_VIRTUAL_HOST", "hub").replace("/", "") + "-replicas";
        rabbitPort = Integer.parseInt(env("SPRING_RABBITMQ_PORT", "5672"));
        // Fixed ports when a developer shares the machine with others (-Dreplicas.ports=18400), free ones in CI.
        portBase = Integer.getInteger("replicas.ports", 0);
        nextPort = portBase;
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "replicas-shutdown"));

        try {
            createDatabase();
            createVirtualHost();
            database = new TcpProxy(dbPort);
            rabbit = new TcpProxy(rabbitPort);
            int kafkaPortBase = Integer.getInteger("replicas.kafka-ports", 0);
            kafka = KafkaBrokerProcess.start(
                    jar, root.resolve("kafka"), kafkaPortBase, kafkaPortBase == 0 ? 0 : kafkaPortBase + 1);
            sandboxPort = port();
            sandbox = new HubProcess("sandbox", sandboxPort, jar, root.resolve("sandbox"), sandboxArgs());
            hubs.add(sandbox);
            sandbox.start().awaitReady(START_TIMEOUT);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    KafkaBrokerProcess kafka() {
        return kafka;
    }

    /** The proxy every replica reaches PostgreSQL through; the sandbox does not use it. */
    TcpProxy database() {
        return database;
    }

    /** The proxy every replica reaches RabbitMQ through; the sandbox does not use it. */
    TcpProxy rabbit() {
        return rabbit;
    }

    HubProcess sandbox() {
        return sandbox;
    }

    /**
     * A replica running the flows in routes/, not yet started; {@code settings} are extra command-line settings, each
     * replacing a default of the same name.
     */
    HubProcess replica(String name, String... settings) {
        List<String> args = new ArrayList<>(commonArgs());
        args.addAll(List.of(
                "--spring.datasource.url=jdbc:postgresql://localhost:" + database.port() + "/" + dbName,
                "--spring.rabbitmq.port=" + rabbit.port(),
                "--camel.main.routes-include-pattern=file:" + Path.of("routes").toAbsolutePath() + "/*.yaml",
                "--hub.webhooks.sources.sales.scheme=standard-webhooks",
                "--hub.webhooks.sources.sales.secret=" + SalesOrder.SALES_SECRET,
                "--hub.webhooks.sources.sales.tenant=acme",
                // As the local profile has it: a shared limit is one more piece of state replicas contend for.
                "--hub.webhooks.sources.sales.rate-limit=500",
                // Failures play out in seconds, not minutes.
                "--hub.adapters.esign.retry.max-attempts=20",
                "--hub.adapters.esign.retry.initial-delay=200ms",
                "--hub.adapters.esign.retry.max-delay=2s",
                "--hub.adapters.esign.circuit-breaker.open-wait=2s",
                "--hub.adapters.sales.retry.max-attempts=20",
                "--hub.adapters.sales.retry.initial-delay=200ms",
                "--hub.adapters.sales.retry.max-delay=2s",
                "--hub.adapters.sales.circuit-breaker.open-wait=2s",
                "--hub.adapters.erp.retry.max-attempts=20",
                "--hub.adapters.erp.retry.initial-delay=200ms",
                "--hub.adapters.erp.retry.max-delay=2s",
                "--hub.adapters.erp.circuit-breaker.open-wait=2s"));
        args.addAll(Lease.SETTINGS);
        // A setting given twice would be joined into a list ("20,50"): the test's own replaces the default.
        List<String> overrides = Arrays.stream(settings)
                .map(setting -> setting.substring(0, setting.indexOf('=') + 1))
                .toList();
        args.removeIf(arg -> overrides.stream().anyMatch(arg::startsWith));
        args.addAll(List.of(settings));
        HubProcess hub = new HubProcess(name, port(), jar, root.resolve(name), args);
        hubs.add(hub);
        return hub;
    }

    /**
     * Starts each test from a quiet state, with no replica running: nothing left in the ERP queues, the flows'
     * consumer groups at the end of their topics (earlier tests' events are not this test's), the sandbox's ledgers
     * empty and its faults cleared.
     */
    void freshStart() {
        hubs.stream().filter(hub -> hub != sandbox).forEach(HubProcess::kill);
        purgeQueues();
        moveFlowGroups(endOffsets());
        resetSandbox();
    }

    /**
     * Waits until the work of an earlier test has settled (the flows have read everything and no system is being
     * called), so that it is not counted as this test's: a test that failed half-way leaves orders in flight.
     */
    void awaitQuiet() {
        await("the flows caught up")
                .atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> flowLag() == 0);
        long[] calls = {-1};
        await("no system called for 5 s")
                .atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(5))
                .until(() -> {
                    long now = ledger("erp").requests()
                            + ledger("esign").requests()
                            + ledger("sales").requests();
                    boolean quiet = now == calls[0];
                    calls[0] = now;
                    return quiet;
                });
    }

    /** Empties the simulated systems' ledgers and clears their faults. */
    void resetSandbox() {
        for (String system : List.of("erp", "esign", "sales")) {
            send(HttpRequest.newBuilder(sandbox.uri("/sandbox/" + system + "/ledger"))
                    .DELETE());
            send(HttpRequest.newBuilder(sandbox.uri("/sandbox/" + system + "/faults"))
                    .DELETE());
        }
    }

    /** What the simulated system received: {@code requests} (every call) and one effect per idempotency key. */
    Ledger ledger(String system) {
        try {
            JsonNode body = json.readTree(send(HttpRequest.newBuilder(sandbox.uri("/sandbox/" + system + "/ledger"))
                    .GET()));
            List<Ledger.Effect> effects = StreamSupport.stream(
                            body.path("effects").spliterator(), false)
                    .map(effect -> new Ledger.Effect(
                            effect.path("idempotencyKey").asText(),
                            effect.path("operation").asText(),
                            effect.path("reference").asText(),
                            Instant.parse(effect.path("at").asText())))
                    .toList();
            return new Ledger(body.path("requests").asLong(), effects);
        } catch (IOException e) {
            throw new IllegalStateException("the sandbox's " + system + " ledger is not JSON", e);
        }
    }

    void fault(String system, String fault) {
        send(HttpRequest.newBuilder(sandbox.uri("/sandbox/" + system + "/faults"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(fault)));
    }

    void clearFault(String system) {
        send(HttpRequest.newBuilder(sandbox.uri("/sandbox/" + system + "/faults"))
                .DELETE());
    }

    /** The end offset of every partition of the flows' topics (those that exist yet). */
    Map<TopicPartition, Long> endOffsets() {
        try (Admin admin = admin()) {
            Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (String topic : Set.copyOf(FLOW_GROUPS.values())) {
                if (topics.contains(topic)) {
                    admin.describeTopics(List.of(topic))
                            .allTopicNames()
                            .get(30, TimeUnit.SECONDS)
                            .get(topic)
                            .partitions()
                            .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
                }
            }
            return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).entrySet().stream()
                    .collect(Collectors.toMap(
                            Map.Entry::getKey, e -> e.getValue().offset()));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the end offsets: " + e.getMessage(), e);
        }
    }

    /**
     * Sets the flows' consumer groups to these offsets, as an operator does with kafka-consumer-groups
     * --reset-offsets to reprocess history. Kafka accepts it only while no member of a group is running.
     */
    void moveFlowGroups(Map<TopicPartition, Long> offsets) {
        try (Admin admin = admin()) {
            for (Map.Entry<String, String> flow : FLOW_GROUPS.entrySet()) {
                Map<TopicPartition, OffsetAndMetadata> target = offsets.entrySet().stream()
                        .filter(e -> e.getKey().topic().equals(flow.getValue()))
                        .collect(Collectors.toMap(Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue())));
                if (!target.isEmpty()) {
                    // A replica killed with -9 stays a member until its session times out: Kafka refuses the move
                    // while it does.
                    await("no member left in " + flow.getKey())
                            .atMost(Duration.ofMinutes(2))
                            .pollInterval(Duration.ofSeconds(1))
                            .until(() -> admin.describeConsumerGroups(List.of(flow.getKey()))
                                    .all()
                                    .get(30, TimeUnit.SECONDS)
                                    .get(flow.getKey())
                                    .members()
                                    .isEmpty());
                    admin.alterConsumerGroupOffsets(flow.getKey(), target).all().get(30, TimeUnit.SECONDS);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot move the flows' consumer groups: " + e.getMessage(), e);
        }
    }

    /** Records not yet committed by the flows' consumer groups, over all their partitions. */
    long flowLag() {
        Map<TopicPartition, Long> ends = endOffsets();
        long lag = 0;
        try (Admin admin = admin()) {
            Set<String> groups = admin.listConsumerGroups().all().get(30, TimeUnit.SECONDS).stream()
                    .map(ConsumerGroupListing::groupId)
                    .collect(Collectors.toSet());
            for (Map.Entry<String, String> flow : FLOW_GROUPS.entrySet()) {
                Map<TopicPartition, OffsetAndMetadata> committed = groups.contains(flow.getKey())
                        ? admin.listConsumerGroupOffsets(flow.getKey())
                                .partitionsToOffsetAndMetadata()
                                .get(30, TimeUnit.SECONDS)
                        : Map.of();
                for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                    if (end.getKey().topic().equals(flow.getValue())) {
                        OffsetAndMetadata at = committed.get(end.getKey());
                        lag += end.getValue() - (at == null ? 0 : at.offset());
                    }
                }
            }
            return lag;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the flows' lag: " + e.getMessage(), e);
        }
    }

    /** How many records each key has on a topic, read from the beginning without a consumer group. */
    Map<String, Long> recordsByKey(String topic) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false);
        Map<String, Long> counts = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(PartitionInfo::partition)
                    .map(p -> new TopicPartition(topic, p))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Instant deadline = Instant.now().plusSeconds(60);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("could not read " + topic + " to its end within 60 s");
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    counts.merge(record.key(), 1L, Long::sum);
                }
            }
        }
        return counts;
    }

    /** One number from the replicas' database, read directly (not through the proxy a test may have cut). */
    long count(String sql, Object... parameters) {
        try (var connection = DriverManager.getConnection(jdbcUrl(dbName), dbUser, dbPassword);
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("query failed: " + e.getMessage(), e);
        }
    }

    /** The database's clock, the one leases are measured by. */
    Instant databaseNow() {
        try (var connection = DriverManager.getConnection(jdbcUrl(dbName), dbUser, dbPassword);
                var statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT now()")) {
            rows.next();
            return rows.getTimestamp(1).toInstant();
        } catch (SQLException e) {
            throw new IllegalStateException("query failed: " + e.getMessage(), e);
        }
    }

    /** Kills the replicas of a test class (the sandbox and Kafka stay for the next class). */
    void stopReplicas(Collection<HubProcess> replicas) {
        replicas.forEach(HubProcess::kill);
        hubs.removeAll(replicas);
    }

    private synchronized void close() {
        hubs.forEach(HubProcess::kill);
        if (kafka != null) {
            kafka.close();
        }
    }

    private List<String> commonArgs() {
        String sandboxUrl = "http://localhost:" + sandboxPort + "/sandbox";
        return List.of(
                "--spring.profiles.active=prod",
                "--hub.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--spring.datasource.username=" + dbUser,
                "--spring.datasource.password=" + dbPassword,
                // Four hubs and the in-JVM tests share one PostgreSQL and its max_connections.
                "--spring.datasource.hikari.maximum-pool-size=4",
                "--spring.rabbitmq.host=localhost",
                "--spring.rabbitmq.virtual-host=" + vhost,
                "--hub.security.console.password=replicas-console",
                "--hub.security.bootstrap-api-key=" + ADMIN_KEY,
                "--hub.webhooks.sources.esign.scheme=docusign",
                "--hub.webhooks.sources.esign.secret=" + ESIGN_SECRET,
                "--hub.webhooks.sources.esign.tenant=acme",
                "--hub.adapters.sales.base-url=" + sandboxUrl + "/sales",
                "--hub.adapters.sales.token=replicas-sales-token",
                "--hub.adapters.esign.base-url=" + sandboxUrl + "/esign",
                "--hub.adapters.esign.token-url=" + sandboxUrl + "/esign/oauth/token",
                "--hub.adapters.esign.client-id=replicas-client",
                "--hub.adapters.esign.client-secret=replicas-client-secret",
                "--hub.adapters.esign.account-id=replicas-account");
    }

    private List<String> sandboxArgs() {
        List<String> args = new ArrayList<>(commonArgs());
        args.addAll(List.of(
                "--spring.datasource.url=" + jdbcUrl(dbName),
                "--spring.rabbitmq.port=" + rabbitPort,
                // The simulated systems only: no flow of its own, so every step is a replica's.
                "--camel.main.routes-include-pattern=classpath:replicas-sandbox-has-no-flows/*.yaml",
                "--hub.sandbox.enabled=true",
                "--hub.sandbox.sales.token=replicas-sales-token",
                "--hub.sandbox.esign.client-id=replicas-client",
                "--hub.sandbox.esign.client-secret=replicas-client-secret",
                "--hub.sandbox.esign.account-id=replicas-account",
                "--hub.sandbox.esign.callback-secret=" + ESIGN_SECRET,
                "--hub.sandbox.esign.complete-after=200ms",
                "--hub.sandbox.esign.callback-attempts=12",
                "--hub.sandbox.esign.callback-backoff=500ms"));
        return args;
    }

    private int port() {
        if (portBase == 0) {
            try (var socket = new java.net.ServerSocket(0)) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return ++nextPort;
    }

    private String send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response =
                    http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException("sandbox answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("sandbox unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                30000));
    }

    private String jdbcUrl(String database) {
        return "jdbc:postgresql://" + dbHost + ":" + dbPort + "/" + database;
    }

    private void createDatabase() {
        try (var connection = DriverManager.getConnection(jdbcUrl("postgres"), dbUser, dbPassword);
                var statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + dbName + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + dbName);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + dbName + ": " + e.getMessage(), e);
        }
    }

    /** rabbitmqctl, as .ci/run uses it: the AMQP protocol cannot create virtual hosts. */
    private void createVirtualHost() {
        rabbitmqctl(false, "delete_vhost", vhost);
        rabbitmqctl(true, "add_vhost", vhost);
        rabbitmqctl(true, "set_permissions", "-p", vhost, "guest", ".*", ".*", ".*");
    }

    private static void rabbitmqctl(boolean required, String... args) {
        List<String> command = new ArrayList<>(List.of("rabbitmqctl", "-q"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!process.waitFor(60, TimeUnit.SECONDS) || (required && process.exitValue() != 0)) {
                throw new IllegalStateException(String.join(" ", command) + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException("rabbitmqctl is needed to create virtual host " + args[1], e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void purgeQueues() {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("localhost");
        factory.setPort(rabbitPort);
        factory.setVirtualHost(vhost);
        try (Connection connection = factory.newConnection()) {
            for (String queue : List.of("erp.commands", "erp.events")) {
                // A queue the hubs have not declared yet makes the channel fail: one channel per queue.
                try (Channel channel = connection.createChannel()) {
                    channel.queuePurge(queue);
                } catch (IOException | RuntimeException notDeclaredYet) {
                    // nothing to purge
                } catch (java.util.concurrent.TimeoutException e) {
                    throw new IllegalStateException(e);
                }
            }
        } catch (IOException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot reach RabbitMQ: " + e.getMessage(), e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}

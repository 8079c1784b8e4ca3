package com.acme.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The embedded defaults a fresh machine gets (H2 file database, in-process Kafka), with YAML routes hot-reloaded
 * from a folder, and a RabbitMQ address with nothing listening on it. One context for all: each costs seconds.
 */
@CamelSpringBootTest
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("it")
class EmbeddedDefaultsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROUTES = createRoutesFolder();
    // A wait for the file watcher and the reload, not a bound on them: on a 2-core machine under load a reload
    // has taken over 30 s, and a healthy one ends the wait at once.
    private static final Duration RELOAD = Duration.ofSeconds(90);
    private static final Socket CLOSED_PORT = boundNotListening();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    CamelContext camel;

    @Autowired
    Flyway flyway;

    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void embeddedDefaults(DynamicPropertyRegistry registry) {
        registry.add(
                "spring.datasource.url",
                () -> "jdbc:h2:file:"
                        + ROUTES.resolveSibling(ROUTES.getFileName() + "-db")
                                .resolve("hub")
                                .toAbsolutePath()
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        registry.add("spring.datasource.username", () -> "sa");
        registry.add("spring.datasource.password", () -> "");
        registry.add("spring.rabbitmq.port", EmbeddedDefaultsIT::closedPort);
        registry.add("camel.main.routes-include-pattern", () -> "file:" + ROUTES.toAbsolutePath() + "/*.yaml");
        registry.add("camel.main.routes-reload-enabled", () -> "true");
        registry.add("camel.main.routes-reload-directory", () -> ROUTES.toAbsolutePath()
                .toString());
        registry.add("camel.main.routes-reload-pattern", () -> "*.yaml");
        registry.add("camel.main.routes-reload-remove-all-routes", () -> "false");
    }

    @Test
    void flywayMigratesTheH2FileDatabase() {
        String url = jdbc.execute((java.sql.Connection c) -> c.getMetaData().getURL());
        assertThat(url).startsWith("jdbc:h2:file:");
        assertThat(flyway.info().pending()).as("migrations left unapplied").isEmpty();
        assertThat(flyway.info().applied())
                .as("migrations applied")
                .isNotEmpty()
                .allMatch(m -> m.getState().isApplied());
        assertThat(jdbc.queryForObject(
                        "select count(*) from information_schema.tables where table_name = 'dead_letter'",
                        Integer.class))
                .isEqualTo(1);
    }

    @Test
    void readinessIsDownWhileRabbitmqIsUnreachableAndLivenessStaysUp() throws Exception {
        HttpResponse<String> readiness = get("/actuator/health/readiness");
        assertThat(readiness.statusCode()).isEqualTo(503);
        JsonNode components = JSON.readTree(readiness.body()).path("components");
        assertThat(components.path("rabbit").path("status").asText()).isEqualTo("DOWN");
        assertThat(components.path("kafka").path("status").asText()).isEqualTo("UP");
        assertThat(components.path("db").path("status").asText()).isEqualTo("UP");
        assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
    }

    @Test
    void aChangedRouteFileIsPickedUpWithoutRestart() throws Exception {
        assertThat(get("/sample/hello?name=Ada").body()).isEqualTo("Hello Ada, from the integration hub");

        Path route = ROUTES.resolve("hub-greet-visitor.yaml");
        Files.writeString(route, Files.readString(route).replace("Hello ${header.name}", "Welcome ${header.name}"));

        await().atMost(RELOAD).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> assertThat(
                        get("/sample/hello?name=Ada").body())
                .isEqualTo("Welcome Ada, from the integration hub"));
    }

    @Test
    void aNewRouteFileAddsItsRouteWithoutRestart() throws Exception {
        Files.writeString(ROUTES.resolve("hub-new-visitor.yaml"), greeting("hub-new-visitor", "/sample/new", "Hi"));

        await().atMost(RELOAD)
                .untilAsserted(() -> assertThat(get("/sample/new").body()).isEqualTo("Hi"));
    }

    @Test
    void aDeletedRouteFileRemovesItsRoute() throws Exception {
        Path file = ROUTES.resolve("hub-leaving-visitor.yaml");
        Files.writeString(file, greeting("hub-leaving-visitor", "/sample/leaving", "Bye"));
        await().atMost(RELOAD)
                .untilAsserted(() -> assertThat(get("/sample/leaving").body()).isEqualTo("Bye"));

        Files.delete(file);

        await().atMost(RELOAD).untilAsserted(() -> assertThat(camel.getRoute("hub-leaving-visitor"))
                .isNull());
        // camel-platform-http-starter 4.17 never unregisters a path (unregisterHttpEndpoint is a no-op): the stopped
        // route's path answers 500 instead of 404.
        assertThat(get("/sample/leaving").statusCode()).isNotEqualTo(200);
    }

    @Test
    void aBrokenRouteFileKeepsItsRouteRunningAndSaysWhatIsWrongUntilFixed(CapturedOutput output) throws Exception {
        Path file = ROUTES.resolve("hub-steady-visitor.yaml");
        Files.writeString(file, greeting("hub-steady-visitor", "/sample/steady", "Steady"));
        await().atMost(RELOAD)
                .untilAsserted(() -> assertThat(get("/sample/steady").body()).isEqualTo("Steady"));

        // Camel alone would load this, remove the running route, then fail to start the new one.
        String broken = greeting("hub-steady-visitor", "/sample/steady", "Changed")
                .replace("steps:\n", "steps:\n        - to: kamelet:no-such-thing\n");
        Files.writeString(file, broken);

        String problem =
                file.toAbsolutePath() + ":" + lineOf(broken, "no-such-thing") + ": unknown Kamelet no-such-thing";
        await().atMost(RELOAD).untilAsserted(() -> assertThat(
                        routeFilesHealth().path("description").asText())
                .contains(problem));
        assertThat(routeFilesHealth().path("status").asText()).isEqualTo("UP");
        assertThat(JSON.readTree(get("/actuator/health").body())
                        .path("components")
                        .path("routeFiles")
                        .path("description")
                        .asText())
                .contains(problem);
        assertThat(output.getAll()).contains("not reloaded, its previous routes keep running: " + problem);
        assertThat(get("/sample/steady").body()).isEqualTo("Steady");

        Files.writeString(file, greeting("hub-steady-visitor", "/sample/steady", "Fixed"));

        await().atMost(RELOAD)
                .untilAsserted(() -> assertThat(get("/sample/steady").body()).isEqualTo("Fixed"));
        await().atMost(RELOAD).untilAsserted(() -> assertThat(
                        routeFilesHealth().path("description").asText())
                .doesNotContain(file.getFileName().toString()));
    }

    @Test
    void aRouteFileThatPassesValidationButCannotStartGoesBackToItsLastGoodVersion() throws Exception {
        Path file = ROUTES.resolve("hub-careful-visitor.yaml");
        Files.writeString(file, greeting("hub-careful-visitor", "/sample/careful", "Careful"));
        await().atMost(RELOAD)
                .untilAsserted(() -> assertThat(get("/sample/careful").body()).isEqualTo("Careful"));

        // Well-formed to the schema, but the simple expression does not compile: found only when the route starts.
        Files.writeString(file, greeting("hub-careful-visitor", "/sample/careful", "${header.name"));

        await().atMost(RELOAD).untilAsserted(() -> assertThat(
                        routeFilesHealth().path("description").asText())
                .contains(file.toAbsolutePath() + ":1: routes failed to start"));
        await().atMost(RELOAD)
                .untilAsserted(() -> assertThat(get("/sample/careful").body()).isEqualTo("Careful"));
    }

    private JsonNode routeFilesHealth() throws Exception {
        return JSON.readTree(get("/actuator/health/routeFiles").body());
    }

    private static String greeting(String routeId, String path, String body) {
        return """
                - route:
                    id: %s
                    from:
                      uri: platform-http:%s
                      steps:
                        - setBody:
                            simple: "%s"
                        - removeHeaders:
                            pattern: "*"
                """
                .formatted(routeId, path, body);
    }

    private static int lineOf(String text, String part) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(part)) {
                return i + 1;
            }
        }
        throw new AssertionError(part + " not in the text");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Path createRoutesFolder() {
        try {
            Path base = Files.createDirectories(Path.of("target", "it-embedded"));
            Path folder = Files.createTempDirectory(base, "routes-");
            Files.copy(Path.of("routes", "hub-greet-visitor.yaml"), folder.resolve("hub-greet-visitor.yaml"));
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A port bound by a socket that never listens, held for the whole run: connections to it are refused, and no
     * other process can start listening on it in between, as it could on a port found free and let go.
     */
    private static int closedPort() {
        return CLOSED_PORT.getLocalPort();
    }

    private static Socket boundNotListening() {
        try {
            Socket socket = new Socket();
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

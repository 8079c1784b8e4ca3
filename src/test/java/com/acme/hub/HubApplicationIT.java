package com.acme.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.hub.platform.kafka.KafkaBootstrap;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.apache.camel.EndpointInject;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.DisableJmx;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/** The hub as deployed: PostgreSQL, RabbitMQ and a Kafka broker, all over real connections. */
@CamelSpringBootTest
@DisableJmx(false)
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("it")
class HubApplicationIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @Autowired
    CamelContext camel;

    @Autowired
    ProducerTemplate producer;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    KafkaBootstrap kafka;

    @Autowired
    Flyway flyway;

    @EndpointInject("mock:kafka-roundtrip")
    MockEndpoint kafkaOut;

    @EndpointInject("mock:rabbit-roundtrip")
    MockEndpoint rabbitOut;

    private final HttpClient http = HttpClient.newHttpClient();

    @TestConfiguration
    static class RoundTripRoutes {
        @Bean
        RouteBuilder roundTrips() {
            return new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:to-kafka").to("kafka:it.roundtrip");
                    from("kafka:it.roundtrip?groupId=it-roundtrip&autoOffsetReset=earliest")
                            .routeId("it-kafka-roundtrip")
                            .to("mock:kafka-roundtrip");
                    from("direct:to-rabbit").to("spring-rabbitmq:it.roundtrip?routingKey=rt");
                    from("spring-rabbitmq:it.roundtrip?queues=it.roundtrip.q&routingKey=rt&autoDeclare=true")
                            .routeId("it-rabbit-roundtrip")
                            .to("mock:rabbit-roundtrip");
                }
            };
        }
    }

    @Test
    void startsOnPostgresqlWithTheEmbeddedBrokerAndFlywayMigratesIt() throws Exception {
        assertThat(kafka.embedded()).isTrue();
        String url = jdbc.execute((java.sql.Connection c) -> c.getMetaData().getURL());
        assertThat(url).startsWith("jdbc:postgresql:");
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
    void readinessIsUpWithKafkaDatabaseAndRabbitmq() throws Exception {
        HttpResponse<String> response = get("/actuator/health/readiness");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode components = JSON.readTree(response.body()).path("components");
        assertThat(components.path("kafka").path("status").asText()).isEqualTo("UP");
        assertThat(components.path("db").path("status").asText()).isEqualTo("UP");
        assertThat(components.path("rabbit").path("status").asText()).isEqualTo("UP");
        assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
    }

    @Test
    void aMessageRoundTripsThroughKafka() throws Exception {
        String body = "kafka-" + UUID.randomUUID();
        kafkaOut.expectedBodiesReceived(body);
        producer.sendBody("direct:to-kafka", body);
        kafkaOut.assertIsSatisfied(TimeUnit.SECONDS.toMillis(30));
    }

    @Test
    void aMessageRoundTripsThroughRabbitmq() throws Exception {
        String body = "rabbit-" + UUID.randomUUID();
        rabbitOut.expectedBodiesReceived(body);
        producer.sendBody("direct:to-rabbit", body);
        rabbitOut.assertIsSatisfied(TimeUnit.SECONDS.toMillis(30));
    }

    @Test
    void theSampleYamlRouteFromRoutesFolderAnswers() throws Exception {
        assertThat(camel.getRoute("hub-greet-visitor")).isNotNull();
        HttpResponse<String> response = get("/sample/hello?name=Ada");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("Hello Ada, from the integration hub");
    }

    @Test
    void correlationIdIsEchoedAndErrorsUseTheErrorFormat() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(uri("/v1/integrations"))
                        .header("X-Correlation-ID", "it-corr-42")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("X-Correlation-ID")).hasValue("it-corr-42");
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("UNAUTHORIZED");
        assertThat(error.path("request_id").asText()).isEqualTo("it-corr-42");
        assertThat(error.path("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("com.acme");
    }

    @Test
    void prometheusExposesCamelMetrics() throws Exception {
        HttpResponse<String> response = get("/actuator/prometheus");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("camel_exchanges_total");
    }

    @Test
    void hawtioRefusesAnonymousUsersAndServesTheConsoleAfterLogin() throws Exception {
        HttpResponse<String> anonymous = get("/actuator/hawtio/");
        assertThat(anonymous.statusCode()).isIn(302, 401);
        if (anonymous.statusCode() == 302) {
            assertThat(anonymous.headers().firstValue("Location"))
                    .hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
        }
        HttpResponse<String> anonymousJolokia =
                post("/actuator/hawtio/jolokia", "{\"type\":\"search\",\"mbean\":\"org.apache.camel:type=routes,*\"}");
        assertThat(anonymousJolokia.statusCode()).isIn(302, 401, 403);
        assertThat(anonymousJolokia.body()).doesNotContain("hub-greet-visitor");

        CookieManager cookies = new CookieManager();
        HttpClient browser = HttpClient.newBuilder()
                .cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        String loginPage = browser.send(
                        HttpRequest.newBuilder(uri("/login")).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher csrf = Pattern.compile("name=\"_csrf\" type=\"hidden\" value=\"([^\"]+)\"")
                .matcher(loginPage);
        assertThat(csrf.find()).isTrue();

        HttpResponse<String> wrong = browser.send(form("/login", "operator", "wrong", csrf.group(1)), ofString());
        assertThat(wrong.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).contains("/login?error"));

        HttpResponse<String> login =
                browser.send(form("/login", "operator", "it-console-secret", csrf.group(1)), ofString());
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/actuator/hawtio/"));

        HttpResponse<String> console =
                browser.send(HttpRequest.newBuilder(uri("/actuator/hawtio/")).build(), ofString());
        assertThat(console.statusCode()).isEqualTo(200);
        assertThat(console.body()).contains("<title>Hawtio</title>");

        String xsrf = cookies.getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals("XSRF-TOKEN"))
                .map(HttpCookie::getValue)
                .findFirst()
                .orElseThrow();
        HttpResponse<String> routes = browser.send(
                HttpRequest.newBuilder(uri("/actuator/hawtio/jolokia"))
                        .header("Content-Type", "application/json")
                        .header("X-XSRF-TOKEN", xsrf)
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"type\":\"search\",\"mbean\":\"org.apache.camel:type=routes,*\"}"))
                        .build(),
                ofString());
        assertThat(routes.statusCode()).isEqualTo(200);
        assertThat(routes.body()).contains("context=integration-hub").contains("hub-greet-visitor");
    }

    private HttpRequest form(String path, String user, String password, String csrf) {
        String body = "username=" + enc(user) + "&password=" + enc(password) + "&_csrf=" + enc(csrf);
        return HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private static HttpResponse.BodyHandler<String> ofString() {
        return HttpResponse.BodyHandlers.ofString();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(uri(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}

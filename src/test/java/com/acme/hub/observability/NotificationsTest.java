package com.acme.hub.observability;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.acme.hub.platform.HubProperties;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Slack and Teams played by WireMock, e-mail by GreenMail (a real SMTP server). */
class NotificationsTest {

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP);

    private final WireMockServer webhooks = new WireMockServer(options().dynamicPort());
    private final MovableClock clock = new MovableClock();
    private DefaultCamelContext camel;
    private NotificationRoutes routes;

    @BeforeEach
    void start() {
        webhooks.start();
        webhooks.stubFor(post(urlEqualTo("/slack")).willReturn(aResponse().withStatus(200)));
        webhooks.stubFor(post(urlEqualTo("/teams")).willReturn(aResponse().withStatus(200)));
    }

    @AfterEach
    void stop() {
        if (camel != null) {
            camel.stop();
        }
        webhooks.stop();
    }

    @Test
    void eachChannelIsToldOncePerIntegrationAndKindWithinTheQuietPeriod() throws Exception {
        Notifications notifications = hub(SMTP.getSmtp().getPort(), Duration.ofSeconds(5));

        for (int i = 0; i < 3; i++) {
            notifications.notify(Notifications.Kind.DEAD_LETTER, "esign", "dead letter " + i);
        }
        notifications.notify(Notifications.Kind.DEAD_LETTER, "erp", "dead letter for ada@example.com");

        await().untilAsserted(() -> {
            assertThat(webhooks.findAll(postRequestedFor(urlEqualTo("/slack")))).hasSize(2);
            assertThat(webhooks.findAll(postRequestedFor(urlEqualTo("/teams")))).hasSize(2);
            assertThat(SMTP.getReceivedMessages()).hasSize(2);
        });
        assertThat(webhooks.findAll(postRequestedFor(urlEqualTo("/teams"))
                        .withRequestBody(
                                containing("\"text\":\"[integration-hub] esign: new dead letter - dead letter 0\""))))
                .hasSize(1);
        assertThat(webhooks.findAll(postRequestedFor(urlEqualTo("/slack")).withRequestBody(containing("ada@"))))
                .isEmpty();
        assertThat(SMTP.getReceivedMessages()[0].getSubject()).startsWith("[integration-hub] new dead letter: ");

        // The quiet period is over: the next one goes out again.
        clock.advance(Duration.ofMinutes(5));
        notifications.notify(Notifications.Kind.DEAD_LETTER, "esign", "dead letter 3");
        await().untilAsserted(() -> assertThat(SMTP.getReceivedMessages()).hasSize(3));
        assertThat(webhooks.findAll(postRequestedFor(urlEqualTo("/slack")))).hasSize(3);
    }

    @Test
    void aCircuitOpeningAndClosingAreToldAsTwoKinds() throws Exception {
        hub(SMTP.getSmtp().getPort(), Duration.ofSeconds(5));
        CircuitBreaker breaker = CircuitBreaker.ofDefaults("sales");
        routes.watch(breaker);

        breaker.transitionToOpenState();
        breaker.transitionToClosedState();
        breaker.transitionToOpenState();

        await().untilAsserted(() -> {
            assertThat(webhooks.findAll(postRequestedFor(urlEqualTo("/slack"))
                            .withRequestBody(containing("sales: circuit opened"))))
                    .hasSize(1);
            assertThat(webhooks.findAll(postRequestedFor(urlEqualTo("/slack"))
                            .withRequestBody(containing("sales: circuit closed"))))
                    .hasSize(1);
        });
    }

    @Test
    void aDeadSmtpServerDelaysNoOtherChannelAndNoCaller() throws Exception {
        // Accepts connections and never answers: every e-mail waits out its full timeout.
        try (ServerSocket blackHole = new ServerSocket(0)) {
            Notifications notifications = hub(blackHole.getLocalPort(), Duration.ofSeconds(30));

            for (int i = 0; i < 10; i++) {
                notifications.notify(Notifications.Kind.DEAD_LETTER, "adapter-" + i, "dead letter");
            }

            // Ten e-mails would take five minutes one after the other; the webhooks do not wait for them.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(webhooks.findAll(postRequestedFor(urlEqualTo("/slack"))))
                        .hasSize(10);
                assertThat(webhooks.findAll(postRequestedFor(urlEqualTo("/teams"))))
                        .hasSize(10);
            });
        }
    }

    private Notifications hub(int smtpPort, Duration smtpTimeout) throws Exception {
        HubProperties.Notifications settings = new HubProperties.Notifications(
                Duration.ofMinutes(5),
                webhooks.baseUrl() + "/slack",
                webhooks.baseUrl() + "/teams",
                new HubProperties.Email(
                        "localhost", smtpPort, null, null, "hub@example.com", "ops@example.com", smtpTimeout));
        camel = new DefaultCamelContext();
        Notifications notifications = new Notifications(camel.createProducerTemplate(), settings.quietPeriod(), clock);
        routes = new NotificationRoutes(settings, notifications);
        camel.addRoutes(routes);
        camel.start();
        return notifications;
    }

    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T10:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}

package com.acme.hub.observability;

import com.acme.hub.platform.HubProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.dataformat.JsonLibrary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The channels: Slack (camel-slack, incoming webhook), Microsoft Teams (an HTTP POST of {@code {"text":..}} to its
 * incoming webhook; Camel has no Teams component) and e-mail (camel-mail over SMTP), each tried on its own, in
 * parallel, behind a bounded in-memory queue that drops rather than blocks when full.
 */
class NotificationRoutes extends RouteBuilder {

    static final String QUEUE = "seda:hub-notifications?size=1000&blockWhenFull=false&discardWhenFull=true";
    static final String SUBJECT = "hubNotificationSubject";

    private static final Logger LOG = LoggerFactory.getLogger(NotificationRoutes.class);

    private final HubProperties.Notifications settings;
    private final Notifications notifications;

    NotificationRoutes(HubProperties.Notifications settings, Notifications notifications) {
        this.settings = settings;
        this.notifications = notifications;
    }

    @Override
    public void configure() {
        List<String> channels = new ArrayList<>();
        if (present(settings.slackWebhookUrl())) {
            from("direct:hub-notify-slack")
                    .routeId("hub-notify-slack")
                    .doTry()
                    .toF("slack:hub?webhookUrl=RAW(%s)", settings.slackWebhookUrl())
                    .doCatch(Exception.class)
                    .process(NotificationRoutes::failed)
                    .end();
            channels.add("direct:hub-notify-slack");
        }
        if (present(settings.teamsWebhookUrl())) {
            from("direct:hub-notify-teams")
                    .routeId("hub-notify-teams")
                    .doTry()
                    .process(exchange -> exchange.getMessage()
                            .setBody(Map.of("text", exchange.getMessage().getBody(String.class))))
                    .marshal()
                    .json(JsonLibrary.Jackson)
                    .removeHeaders("*")
                    .setHeader(Exchange.HTTP_METHOD, constant("POST"))
                    .setHeader(Exchange.CONTENT_TYPE, constant("application/json"))
                    .setHeader(Exchange.HTTP_URI, constant(settings.teamsWebhookUrl()))
                    .to("http:teams-webhook")
                    .doCatch(Exception.class)
                    .process(NotificationRoutes::failed)
                    .end();
            channels.add("direct:hub-notify-teams");
        }
        HubProperties.Email email = settings.email();
        if (email.enabled()) {
            long timeout = email.timeout().toMillis();
            from("direct:hub-notify-email")
                    .routeId("hub-notify-email")
                    .doTry()
                    .setHeader("Subject", simple("[integration-hub] ${header." + SUBJECT + "}"))
                    .toF(
                            "smtp://%s:%d?from=RAW(%s)&to=RAW(%s)&connectionTimeout=%d%s",
                            email.host(), email.port(), email.from(), email.to(), timeout, credentials(email))
                    .doCatch(Exception.class)
                    .process(NotificationRoutes::failed)
                    .end();
            channels.add("direct:hub-notify-email");
        }

        RouteDefinition queue = from(QUEUE).routeId("hub-notify");
        if (channels.isEmpty()) {
            queue.log(LoggingLevel.DEBUG, LOG.getName(), "No notification channel configured: ${body}");
        } else {
            queue.multicast()
                    .parallelProcessing()
                    .to(channels.toArray(String[]::new))
                    .end();
        }
    }

    /** Watches a circuit breaker for opening and closing. */
    void watch(CircuitBreaker breaker) {
        breaker.getEventPublisher().onStateTransition(this::transition);
    }

    private void transition(CircuitBreakerOnStateTransitionEvent event) {
        switch (event.getStateTransition().getToState()) {
            case OPEN, FORCED_OPEN -> notifications.notify(
                    Notifications.Kind.CIRCUIT_OPENED,
                    event.getCircuitBreakerName(),
                    "calls stopped after failures (" + event.getStateTransition() + ")");
            case CLOSED -> notifications.notify(
                    Notifications.Kind.CIRCUIT_CLOSED,
                    event.getCircuitBreakerName(),
                    "calls flow again (" + event.getStateTransition() + ")");
            default -> {}
        }
    }

    private static String credentials(HubProperties.Email email) {
        if (!present(email.username())) {
            return "";
        }
        return "&username=RAW(" + email.username() + ")&password=RAW(" + email.password() + ")";
    }

    private static void failed(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        LOG.warn(
                "Notification not sent by {}: {}",
                exchange.getFromRouteId(),
                cause == null ? "unknown" : cause.getMessage());
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}

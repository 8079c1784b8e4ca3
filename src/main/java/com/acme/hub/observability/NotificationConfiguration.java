package com.acme.hub.observability;

import com.acme.hub.platform.HubProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Clock;
import org.apache.camel.ProducerTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class NotificationConfiguration {

    @Bean
    Notifications notifications(ProducerTemplate producer, HubProperties properties) {
        return new Notifications(producer, properties.notifications().quietPeriod(), Clock.systemUTC());
    }

    /** The routes, and every adapter's circuit breaker watched: those made already and those made later. */
    @Bean
    NotificationRoutes notificationRoutes(
            HubProperties properties, Notifications notifications, CircuitBreakerRegistry breakers) {
        NotificationRoutes routes = new NotificationRoutes(properties.notifications(), notifications);
        breakers.getAllCircuitBreakers().forEach(routes::watch);
        breakers.getEventPublisher().onEntryAdded(event -> routes.watch(event.getAddedEntry()));
        return routes;
    }

    @Bean
    DeadLetterNotificationRoute deadLetterNotificationRoute(Notifications notifications) {
        return new DeadLetterNotificationRoute(notifications);
    }
}

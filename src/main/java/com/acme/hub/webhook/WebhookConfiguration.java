package com.acme.hub.webhook;

import com.acme.hub.platform.HubProperties;
import com.acme.hub.platform.web.ApiErrorWriter;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
class WebhookConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookConfiguration.class);
    // Never written to: every record carries its source's topic in the override-topic header.
    private static final String INGRESS_DEFAULT_TOPIC = "hub.inbound";
    private static final int LINGER_MS = 2;

    @Bean
    WebhookSources webhookSources(HubProperties properties, Admin admin) {
        WebhookSources sources = new WebhookSources(properties.webhooks().sources());
        createTopics(admin, sources.topics());
        return sources;
    }

    @Bean
    WebhookMetrics webhookMetrics(MeterRegistry registry, WebhookSources sources) {
        return new WebhookMetrics(registry, sources.names());
    }

    @Bean
    WebhookRateLimiter webhookRateLimiter(DataSource dataSource) {
        return new WebhookRateLimiter(dataSource);
    }

    @Bean
    StoredMarks storedMarks(JdbcTemplate jdbc, TransactionTemplate transaction) {
        return new StoredMarks(jdbc, transaction);
    }

    @Bean
    WebhookIngress webhookIngress(
            WebhookSources sources,
            WebhookReceipts receipts,
            StoredMarks marks,
            WebhookRateLimiter rateLimiter,
            WebhookMetrics metrics,
            HubProperties properties,
            ObjectMapper mapper) {
        return new WebhookIngress(
                sources, receipts, marks, rateLimiter, metrics, properties.webhooks(), mapper, Clock.systemUTC());
    }

    @Bean
    WebhookIngressRoute webhookIngressRoute(WebhookIngress ingress, HubProperties properties) {
        long timeout = properties.webhooks().publishTimeout().toMillis();
        // 202 means stored: every in-sync replica has the record (acks=all) exactly once (idempotent producer),
        // and a broker that does not answer within the publish timeout turns into a 503, not a hung sender.
        // The body goes out as the bytes that were signed: Camel's default String serializer would re-encode it.
        // A linger of 2 ms lets concurrent webhooks share a produce request (measured in docs/performance.md);
        // the topic of each record comes from the override-topic header, so one endpoint and producer serve all.
        String endpoint = "kafka:" + INGRESS_DEFAULT_TOPIC
                + "?requestRequiredAcks=all&enableIdempotence=true&recordMetadata=true&lingerMs=" + LINGER_MS
                + "&valueSerializer=org.apache.kafka.common.serialization.ByteArraySerializer"
                + "&maxBlockMs=" + timeout / 2
                + "&requestTimeoutMs=" + timeout / 2
                + "&deliveryTimeoutMs=" + timeout;
        return new WebhookIngressRoute(ingress, endpoint);
    }

    @Bean
    WebhookIngressRoute.Errors webhookIngressErrors(WebhookIngress ingress) {
        return new WebhookIngressRoute.Errors(ingress);
    }

    @Bean
    FilterRegistrationBean<WebhookBodyFilter> webhookBodyFilter(
            HubProperties properties, ApiErrorWriter errors, WebhookMetrics metrics) {
        FilterRegistrationBean<WebhookBodyFilter> registration = new FilterRegistrationBean<>(
                new WebhookBodyFilter(properties.webhooks().maxBodyBytes().toBytes(), errors, metrics));
        registration.addUrlPatterns("/v1/webhooks/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    /** Topics exist before the first webhook, so the first sender does not wait for auto-creation. */
    private static void createTopics(Admin admin, List<String> topics) {
        if (topics.isEmpty()) {
            return;
        }
        try {
            admin.createTopics(topics.stream()
                            .map(topic -> new NewTopic(topic, Optional.empty(), Optional.empty()))
                            .toList())
                    .values()
                    .forEach((topic, future) -> {
                        try {
                            future.get(10, TimeUnit.SECONDS);
                        } catch (ExecutionException e) {
                            if (!(e.getCause() instanceof TopicExistsException)) {
                                LOG.warn(
                                        "Could not create topic {}: {}",
                                        topic,
                                        e.getCause().getMessage());
                            }
                        } catch (Exception e) {
                            LOG.warn("Could not create topic {}: {}", topic, e.getMessage());
                        }
                    });
        } catch (RuntimeException e) {
            LOG.warn("Could not create webhook topics: {}", e.getMessage());
        }
    }
}

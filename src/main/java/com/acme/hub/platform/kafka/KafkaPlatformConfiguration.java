package com.acme.hub.platform.kafka;

import com.acme.hub.platform.HubProperties;
import java.nio.file.Path;
import java.util.Map;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class KafkaPlatformConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaPlatformConfiguration.class);

    @Bean(destroyMethod = "close")
    KafkaBootstrap kafkaBootstrap(HubProperties properties) {
        HubProperties.Kafka kafka = properties.kafka();
        if (kafka.external()) {
            LOG.info("Using external Kafka at {}", kafka.bootstrapServers());
            return new KafkaBootstrap(kafka.bootstrapServers(), null);
        }
        HubProperties.Embedded embedded = kafka.embedded();
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(
                embedded.host(), embedded.port(), embedded.controllerPort(), Path.of(embedded.dataDir()));
        LOG.info("Started embedded Kafka broker at {} (data in {})", broker.bootstrapServers(), embedded.dataDir());
        return new KafkaBootstrap(broker.bootstrapServers(), broker);
    }

    /** Every kafka: endpoint, in Java and YAML routes alike, talks to the same cluster. */
    @Bean
    ComponentCustomizer kafkaBrokersCustomizer(KafkaBootstrap bootstrap) {
        return ComponentCustomizer.builder(KafkaComponent.class)
                .build(component -> component.getConfiguration().setBrokers(bootstrap.servers()));
    }

    @Bean(destroyMethod = "close")
    Admin kafkaAdmin(KafkaBootstrap bootstrap) {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap.servers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 2000));
    }
}

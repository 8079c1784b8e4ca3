package com.acme.hub.sandbox;

import com.acme.hub.adapter.erp.ErpTopology;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The simulated ERP's consumer, on the hub's own RabbitMQ connection (spring.rabbitmq.*). */
@Configuration(proxyBeanMethods = false)
@SandboxEnabled
class SandboxConfiguration {

    @Bean
    ErpSimulator sandboxErp(
            SandboxLedger ledger,
            SandboxFaults faults,
            RabbitTemplate rabbit,
            ObjectMapper mapper,
            ErpTopology.Names names) {
        return new ErpSimulator(ledger, faults, rabbit, mapper, names.events());
    }

    /**
     * A container of its own rather than a {@code @RabbitListener}, so the hub's listener defaults cannot change how
     * the simulator acknowledges. It keeps reconnecting by itself, and a missing queue is not fatal: a RabbitMQ that is
     * down or late does not stop the hub from starting.
     */
    @Bean
    SimpleMessageListenerContainer sandboxErpContainer(
            ConnectionFactory connectionFactory, ErpSimulator erp, ErpTopology.Names names) {
        SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(connectionFactory);
        container.setQueueNames(names.commands());
        container.setConcurrentConsumers(1);
        container.setMaxConcurrentConsumers(4);
        container.setMissingQueuesFatal(false);
        container.setAcknowledgeMode(AcknowledgeMode.MANUAL);
        // Few unacknowledged commands per consumer, so the others share the backlog when more consumers start.
        container.setPrefetchCount(10);
        container.setMessageListener(erp);
        return container;
    }
}

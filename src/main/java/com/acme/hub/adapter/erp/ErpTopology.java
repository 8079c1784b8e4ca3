package com.acme.hub.adapter.erp;

import com.acme.hub.platform.HubProperties;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The ERP's RabbitMQ topology: durable command and event queues, each with a dead-letter exchange so a message
 * the consumer rejects is kept, not dropped. Spring AMQP declares it on every (re)connection, so a RabbitMQ that
 * comes up after the hub still gets it. The names come from {@code hub.adapters.erp.exchange} and
 * {@code .events-queue} ({@code erp.commands}, {@code erp.events}), so hubs that must not share an ERP, such as test
 * contexts on one broker, can each have their own.
 */
@Configuration(proxyBeanMethods = false)
public class ErpTopology {

    /** The routing key of booking an order. */
    public static final String BOOK_ORDER = "order.book";
    /** The routing key of telling the ERP that an order's contract is signed. */
    public static final String CONTRACT_SIGNED = "contract.signed";
    /** AMQP priorities 0..9: CRITICAL 9, HIGH 7, NORMAL 4, LOW 1. */
    public static final int MAX_PRIORITY = 10;

    /**
     * @param commands the exchange commands are sent to, and the ERP's queue bound to it under the same name
     * @param events the queue the ERP answers on
     */
    public record Names(String commands, String events) {}

    @Bean
    Names erpNames(HubProperties properties) {
        HubProperties.Adapter erp = properties.adapters().get("erp");
        return new Names(erp.exchange(), erp.eventsQueue());
    }

    @Bean
    Declarables erpDeclarables(Names names) {
        DirectExchange commands = new DirectExchange(names.commands(), true, false);
        FanoutExchange commandsDead = new FanoutExchange(names.commands() + ".dlx", true, false);
        FanoutExchange eventsDead = new FanoutExchange(names.events() + ".dlx", true, false);
        Queue commandQueue = QueueBuilder.durable(names.commands())
                .maxPriority(MAX_PRIORITY)
                .deadLetterExchange(commandsDead.getName())
                .build();
        Queue commandDeadQueue = QueueBuilder.durable(names.commands() + ".dlq").build();
        Queue eventQueue = QueueBuilder.durable(names.events())
                .deadLetterExchange(eventsDead.getName())
                .build();
        Queue eventDeadQueue = QueueBuilder.durable(names.events() + ".dlq").build();
        Binding bookBinding = BindingBuilder.bind(commandQueue).to(commands).with(BOOK_ORDER);
        Binding signedBinding = BindingBuilder.bind(commandQueue).to(commands).with(CONTRACT_SIGNED);
        return new Declarables(
                commands,
                commandsDead,
                eventsDead,
                commandQueue,
                commandDeadQueue,
                eventQueue,
                eventDeadQueue,
                bookBinding,
                signedBinding,
                BindingBuilder.bind(commandDeadQueue).to(commandsDead),
                BindingBuilder.bind(eventDeadQueue).to(eventsDead));
    }
}

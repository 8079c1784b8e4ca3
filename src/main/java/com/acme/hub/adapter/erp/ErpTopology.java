package com.acme.hub.adapter.erp;

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
 * comes up after the hub still gets it.
 */
@Configuration(proxyBeanMethods = false)
public class ErpTopology {

    /** Commands to the ERP: exchange and the routing key of booking an order. */
    public static final String COMMANDS_EXCHANGE = "erp.commands";

    public static final String COMMANDS_QUEUE = "erp.commands";
    public static final String BOOK_ORDER = "order.book";
    /** The routing key of telling the ERP that an order's contract is signed. */
    public static final String CONTRACT_SIGNED = "contract.signed";
    /** Replies and events from the ERP. */
    public static final String EVENTS_QUEUE = "erp.events";
    /** AMQP priorities 0..9: CRITICAL 9, HIGH 7, NORMAL 4, LOW 1. */
    public static final int MAX_PRIORITY = 10;

    @Bean
    Declarables erpDeclarables() {
        DirectExchange commands = new DirectExchange(COMMANDS_EXCHANGE, true, false);
        FanoutExchange commandsDead = new FanoutExchange(COMMANDS_EXCHANGE + ".dlx", true, false);
        FanoutExchange eventsDead = new FanoutExchange(EVENTS_QUEUE + ".dlx", true, false);
        Queue commandQueue = QueueBuilder.durable(COMMANDS_QUEUE)
                .maxPriority(MAX_PRIORITY)
                .deadLetterExchange(commandsDead.getName())
                .build();
        Queue commandDeadQueue = QueueBuilder.durable(COMMANDS_QUEUE + ".dlq").build();
        Queue eventQueue = QueueBuilder.durable(EVENTS_QUEUE)
                .deadLetterExchange(eventsDead.getName())
                .build();
        Queue eventDeadQueue = QueueBuilder.durable(EVENTS_QUEUE + ".dlq").build();
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

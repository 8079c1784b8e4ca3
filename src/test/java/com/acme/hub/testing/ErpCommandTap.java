package com.acme.hub.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * A test's own copy of every ERP command: a private queue bound to the command exchange beside the ERP's, so other
 * consumers of the ERP queue (the sandbox ERP of another test context) cannot take what the test looks for.
 */
public final class ErpCommandTap implements AutoCloseable {

    private final CachingConnectionFactory connections = connections();
    private final RabbitTemplate rabbit = new RabbitTemplate(connections);
    // Not auto-delete: each receive() cancels its consumer, which would delete an auto-delete queue.
    private final Queue queue = QueueBuilder.nonDurable("it.erp.tap." + UUID.randomUUID())
            .expires(120_000)
            .build();
    private final RabbitAdmin admin = new RabbitAdmin(connections);

    /** @param exchange the hub's command exchange ({@code hub.adapters.erp.exchange}) */
    public ErpCommandTap(String exchange) {
        admin.declareQueue(queue);
        Binding binding =
                BindingBuilder.bind(queue).to(new DirectExchange(exchange)).with("order.book");
        admin.declareBinding(binding);
    }

    public Message next(long timeoutMillis) {
        return rabbit.receive(queue.getName(), timeoutMillis);
    }

    public List<Message> drain(long quietMillis) {
        List<Message> messages = new ArrayList<>();
        Message message;
        while ((message = next(quietMillis)) != null) {
            messages.add(message);
        }
        return messages;
    }

    /** The broker the hub under test uses: a run may be kept apart in a vhost of its own (SPRING_RABBITMQ_VIRTUAL_HOST). */
    private static CachingConnectionFactory connections() {
        CachingConnectionFactory factory = new CachingConnectionFactory("localhost", 5672);
        String virtualHost = System.getenv("SPRING_RABBITMQ_VIRTUAL_HOST");
        if (virtualHost != null && !virtualHost.isBlank()) {
            factory.setVirtualHost(virtualHost);
        }
        return factory;
    }

    @Override
    public void close() {
        admin.deleteQueue(queue.getName());
        connections.destroy();
    }
}

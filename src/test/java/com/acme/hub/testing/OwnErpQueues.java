package com.acme.hub.testing;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives each test context an ERP of its own on the shared RabbitMQ: its own command exchange and queue and its own
 * events queue ({@code hub.adapters.erp.exchange}, {@code .events-queue}), so the simulated ERP or the flows of one
 * context, which the test framework keeps running while other contexts' tests run, never take another context's
 * messages. A virtual host per context would need the management plugin or rabbitmqctl to create it; names need
 * only AMQP. The names go when the context closes.
 */
public final class OwnErpQueues implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        String prefix = "it." + UUID.randomUUID() + ".";
        String commands = prefix + "erp.commands";
        String events = prefix + "erp.events";
        ConfigurableEnvironment environment = context.getEnvironment();
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        "own-erp-queues",
                        Map.of("hub.adapters.erp.exchange", commands, "hub.adapters.erp.events-queue", events)));
        String host = environment.getProperty("spring.rabbitmq.host", "localhost");
        String virtualHost = environment.getProperty("spring.rabbitmq.virtual-host", "/");
        context.addApplicationListener(event -> {
            if (event instanceof ContextClosedEvent closed && closed.getApplicationContext() == context) {
                delete(host, virtualHost, List.of(commands, events));
            }
        });
    }

    /**
     * Straight to the broker on 5672, as {@link ErpCommandTap} connects: a context may have reached it through a
     * proxy that is gone by now, or been pointed at a closed port.
     */
    private static void delete(String host, String virtualHost, List<String> names) {
        CachingConnectionFactory connections = new CachingConnectionFactory(host, 5672);
        connections.setVirtualHost(virtualHost);
        try {
            RabbitAdmin admin = new RabbitAdmin(connections);
            for (String name : names) {
                admin.deleteQueue(name);
                admin.deleteQueue(name + ".dlq");
                admin.deleteExchange(name);
                admin.deleteExchange(name + ".dlx");
            }
        } catch (RuntimeException e) {
            // Leftovers of a test run are harmless: each run uses new names.
        } finally {
            connections.destroy();
        }
    }
}

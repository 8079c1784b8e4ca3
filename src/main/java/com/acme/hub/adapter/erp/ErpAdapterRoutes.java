package com.acme.hub.adapter.erp;

import com.acme.hub.platform.adapter.AdapterRouteBuilder;
import com.acme.hub.platform.adapter.Adapters;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Message;
import org.apache.camel.component.springrabbit.SpringRabbitMQConstants;
import org.apache.camel.spi.IdempotentRepository;
import org.springframework.stereotype.Component;

/**
 * The ERP over RabbitMQ: commands to exchange {@code erp.commands} with the order's priority, each acknowledged by
 * the broker (publisher confirms) before the step counts as done. Steps take a JSON body and the header
 * {@code priority} (CRITICAL, HIGH, NORMAL, LOW): {@code direct:erp-order-book} books an order,
 * {@code direct:erp-contract-signed} tells the ERP that the order's contract is signed.
 */
@Component
class ErpAdapterRoutes extends AdapterRouteBuilder {

    static final String PRIORITY = "priority";
    private static final Map<String, Integer> PRIORITIES = Map.of("CRITICAL", 9, "HIGH", 7, "NORMAL", 4, "LOW", 1);

    ErpAdapterRoutes(Adapters adapters, IdempotentRepository idempotency) {
        super(adapters.get("erp"), idempotency);
    }

    @Override
    public void configure() {
        callRoute(
                exchange -> {},
                "spring-rabbitmq:" + adapter.settings().exchange() + "?routingKey=" + ErpTopology.BOOK_ORDER
                        + "&confirm=enabled&confirmTimeout="
                        + adapter.settings().timeout().toMillis(),
                exchange -> adapter.succeeded(exchange, "confirmed"));

        step("direct:erp-order-book", "erp-book-order", exchange -> command(exchange, ErpTopology.BOOK_ORDER));
        step(
                "direct:erp-contract-signed",
                "erp-confirm-contract",
                exchange -> command(exchange, ErpTopology.CONTRACT_SIGNED));
    }

    private static void command(Exchange exchange, String routingKey) {
        // A command is sent and confirmed by the broker; the ERP answers later on erp.events, never as a reply.
        exchange.setPattern(ExchangePattern.InOnly);
        Message message = exchange.getMessage();
        String key = message.getHeader(IDEMPOTENCY_KEY, String.class);
        String correlation = message.getHeader(CORRELATION_ID, String.class);
        String priority = message.getHeader(PRIORITY, "NORMAL", String.class).toUpperCase(Locale.ROOT);
        String body = message.getBody(String.class);
        message.removeHeaders("*");
        message.setHeader(IDEMPOTENCY_KEY, key);
        message.setHeader(CORRELATION_ID, correlation);
        message.setHeader(SpringRabbitMQConstants.PRIORITY, PRIORITIES.getOrDefault(priority, 4));
        message.setHeader(SpringRabbitMQConstants.CONTENT_TYPE, "application/json");
        message.setHeader(SpringRabbitMQConstants.DELIVERY_MODE, "PERSISTENT");
        message.setHeader(SpringRabbitMQConstants.ROUTING_OVERRIDE_KEY, routingKey);
        message.setBody(body);
    }
}

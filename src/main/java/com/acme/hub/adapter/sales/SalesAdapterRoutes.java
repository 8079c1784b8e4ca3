package com.acme.hub.adapter.sales;

import com.acme.hub.platform.adapter.Adapters;
import com.acme.hub.platform.adapter.HttpAdapterRouteBuilder;
import org.apache.camel.Exchange;
import org.apache.camel.spi.IdempotentRepository;
import org.springframework.stereotype.Component;

/**
 * The sales system over HTTP with a bearer token: order intake and order status updates.
 * Steps take a JSON body; the status update also the header {@code order-id}.
 */
@Component
class SalesAdapterRoutes extends HttpAdapterRouteBuilder {

    static final String ORDER_ID = "order-id";

    SalesAdapterRoutes(Adapters adapters, IdempotentRepository idempotency) {
        super(adapters.get("sales"), idempotency);
    }

    @Override
    public void configure() {
        callRoute(this::authorize, httpUri(), this::classify);

        step(
                "direct:sales-order-intake",
                "sales-intake-order",
                exchange -> request(
                        exchange,
                        "POST",
                        "/api/v2/orders/intake",
                        exchange.getMessage().getBody(String.class)));

        step(
                "direct:sales-order-status",
                "sales-update-order-status",
                exchange -> request(
                        exchange,
                        "PATCH",
                        "/api/v2/orders/" + exchange.getMessage().getHeader(ORDER_ID, String.class) + "/status",
                        exchange.getMessage().getBody(String.class)));
    }

    private void authorize(Exchange exchange) {
        exchange.getMessage()
                .setHeader("Authorization", "Bearer " + adapter.settings().token());
    }
}

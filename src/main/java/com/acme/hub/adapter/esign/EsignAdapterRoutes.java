package com.acme.hub.adapter.esign;

import com.acme.hub.platform.adapter.AdapterCallException;
import com.acme.hub.platform.adapter.Adapters;
import com.acme.hub.platform.adapter.HttpAdapterRouteBuilder;
import org.apache.camel.Exchange;
import org.apache.camel.spi.IdempotentRepository;
import org.springframework.stereotype.Component;

/** The e-signature provider (DocuSign-like REST, OAuth2 client credentials): creating envelopes. */
@Component
class EsignAdapterRoutes extends HttpAdapterRouteBuilder {

    private EsignTokens tokens;

    EsignAdapterRoutes(Adapters adapters, IdempotentRepository idempotency) {
        super(adapters.get("esign"), idempotency);
    }

    @Override
    public void configure() {
        // The token URL may name this hub's own port ({{local.server.port}}), known once Camel builds the routes.
        tokens = new EsignTokens(
                adapter.settings(),
                getCamelContext().resolvePropertyPlaceholders(adapter.settings().tokenUrl()));
        callRoute(this::authorize, httpUri(), this::classify);

        step(
                "direct:esign-envelope-create",
                "esign-create-envelope",
                exchange -> request(
                        exchange,
                        "POST",
                        "/restapi/v2.1/accounts/" + adapter.settings().accountId() + "/envelopes",
                        exchange.getMessage().getBody(String.class)));
    }

    private void authorize(Exchange exchange) {
        try {
            exchange.getMessage().setHeader("Authorization", "Bearer " + tokens.accessToken());
        } catch (RuntimeException e) {
            throw new AdapterCallException.Retryable(
                    "auth", "no access token from the e-signature provider: " + e.getMessage());
        }
    }
}

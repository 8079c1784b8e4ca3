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

    private final EsignTokens tokens;

    EsignAdapterRoutes(Adapters adapters, IdempotentRepository idempotency) {
        super(adapters.get("esign"), idempotency);
        this.tokens = new EsignTokens(adapter.settings());
    }

    @Override
    public void configure() {
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

package com.acme.hub.platform.adapter;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.spi.IdempotentRepository;

/** An adapter over HTTP: status codes decide between success, retry and dead letter. */
public abstract class HttpAdapterRouteBuilder extends AdapterRouteBuilder {

    protected HttpAdapterRouteBuilder(AdapterRuntime adapter, IdempotentRepository idempotency) {
        super(adapter, idempotency);
    }

    /**
     * The base URL on the adapter's own HTTP component, which carries its timeouts; statuses are classified here
     * rather than thrown by Camel. camel-http reads http:// or https:// at the start of the remainder, so TLS
     * follows the base URL.
     */
    protected String httpUri() {
        return adapter.httpScheme() + ":" + adapter.settings().baseUrl() + "?throwExceptionOnFailure=false";
    }

    /**
     * Prepares the outgoing request: only the contract's headers leave the hub (the event's own headers stay
     * inside), with the body as JSON.
     */
    protected static void request(Exchange exchange, String method, String path, Object body) {
        Message message = exchange.getMessage();
        String key = message.getHeader(IDEMPOTENCY_KEY, String.class);
        String correlation = message.getHeader(CORRELATION_ID, String.class);
        message.removeHeaders("*");
        message.setHeader(IDEMPOTENCY_KEY, key);
        message.setHeader(CORRELATION_HEADER, correlation);
        message.setHeader(Exchange.HTTP_METHOD, method);
        message.setHeader(Exchange.HTTP_PATH, path);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(body);
    }

    protected void classify(Exchange exchange) {
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String label = String.valueOf(status);
        if (status >= 200 && status < 300) {
            adapter.succeeded(exchange, label);
            return;
        }
        String type = AdapterCallException.httpErrorType(status);
        if (status == 429) {
            long seconds = retryAfter(exchange.getMessage().getHeader("Retry-After", String.class));
            if (seconds > 0) {
                AdapterRuntime.attempts(exchange).retryAfter(seconds * 1000);
            }
            throw adapter.failed(
                    exchange, label, new AdapterCallException.Retryable(type, adapter.id() + " answered 429"));
        }
        if (type.equals("server_error")) {
            throw adapter.failed(
                    exchange, label, new AdapterCallException.Retryable(type, adapter.id() + " answered " + status));
        }
        throw adapter.failed(
                exchange,
                label,
                new AdapterCallException.Rejected(type, adapter.id() + " refused the request with " + status));
    }

    private static long retryAfter(String value) {
        if (value == null) {
            return 0;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}

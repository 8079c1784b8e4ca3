package com.acme.hub.observability;

import org.apache.camel.Exchange;
import org.apache.camel.tracing.ActiveSpanManager;
import org.apache.camel.tracing.SpanAdapter;

/** Attributes learnt while a span runs (the ingress knows its event id only once it verified the webhook). */
public final class Spans {

    private Spans() {}

    /** Sets {@code name} on the exchange's current span; nothing when tracing is off or the value is empty. */
    public static void attribute(Exchange exchange, String name, String value) {
        SpanAdapter span = ActiveSpanManager.getSpan(exchange);
        if (span != null && value != null && !value.isBlank()) {
            span.setTag(name, value);
        }
    }
}

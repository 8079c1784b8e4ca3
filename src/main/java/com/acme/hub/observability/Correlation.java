package com.acme.hub.observability;

import jakarta.servlet.http.HttpServletRequest;

/** The correlation id contract: header names, the log context key, and where a request keeps its id. */
public final class Correlation {

    public static final String HEADER = "X-Correlation-ID";
    public static final String REQUEST_ID_HEADER = "X-Request-ID";
    /** Key in the log context (MDC); the JSON log line shows it as {@code request_id}. */
    public static final String MDC_KEY = "request_id";

    static final String ATTRIBUTE = Correlation.class.getName() + ".id";

    private Correlation() {}

    /** The id the correlation filter assigned to this request, or null outside a request. */
    public static String of(HttpServletRequest request) {
        Object id = request.getAttribute(ATTRIBUTE);
        return id == null ? null : id.toString();
    }
}

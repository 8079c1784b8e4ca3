package com.acme.hub.observability;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request a correlation id (X-Correlation-ID, else X-Request-ID, else a new UUID), echoes it and puts
 * it in the log context. Runs before security so that rejected requests are correlated too, and again on error
 * dispatches, reusing the id it assigned first.
 */
class CorrelationIdFilter extends OncePerRequestFilter {

    // Ids end up in logs and headers: accept only a conservative token, never arbitrary text.
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String id = Correlation.of(request);
        if (id == null) {
            id = firstSafe(request.getHeader(Correlation.HEADER), request.getHeader(Correlation.REQUEST_ID_HEADER));
            request.setAttribute(Correlation.ATTRIBUTE, id);
        }
        response.setHeader(Correlation.HEADER, id);
        String previous = MDC.get(Correlation.MDC_KEY);
        MDC.put(Correlation.MDC_KEY, id);
        try {
            chain.doFilter(request, response);
        } finally {
            if (previous == null) {
                MDC.remove(Correlation.MDC_KEY);
            } else {
                MDC.put(Correlation.MDC_KEY, previous);
            }
        }
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    private static String firstSafe(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && SAFE_ID.matcher(candidate).matches()) {
                return candidate;
            }
        }
        return UUID.randomUUID().toString();
    }
}

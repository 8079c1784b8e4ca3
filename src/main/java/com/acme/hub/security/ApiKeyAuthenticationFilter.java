package com.acme.hub.security;

import com.acme.hub.platform.web.ApiErrorWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code X-API-Key}: a request that presents a live key is authenticated as that key, with its role; a request
 * without one goes on and meets the chain's other credentials or its entry point. A key that is not valid is refused
 * with 401 at once where the chain takes nothing else ({@code rejectInvalid}); elsewhere it is ignored, because public
 * paths such as the webhook ingress must not turn away a sender whose own headers happen to include one.
 */
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    static final String HEADER = "X-API-Key";

    private final ApiKeys keys;
    private final ApiErrorWriter errors;
    private final boolean rejectInvalid;

    ApiKeyAuthenticationFilter(ApiKeys keys, ApiErrorWriter errors, boolean rejectInvalid) {
        this.keys = keys;
        this.errors = errors;
        this.rejectInvalid = rejectInvalid;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String presented = request.getHeader(HEADER);
        if (presented == null) {
            chain.doFilter(request, response);
            return;
        }
        Optional<ApiKeys.ApiKey> key = presented.isBlank() ? Optional.empty() : keys.authenticate(presented.strip());
        if (key.isEmpty() && !rejectInvalid) {
            chain.doFilter(request, response);
            return;
        }
        if (key.isEmpty()) {
            errors.write(
                    request,
                    response,
                    401,
                    "UNAUTHORIZED",
                    "The API key is not valid",
                    Map.of("field", HEADER, "reason", "unknown or revoked key"));
            return;
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new ApiKeyAuthentication(key.get()));
        SecurityContextHolder.setContext(context);
        chain.doFilter(request, response);
    }

    /** An authenticated key: its name is the principal (and the actor in the audit log), its role the authority. */
    static final class ApiKeyAuthentication extends AbstractAuthenticationToken {
        private final String name;

        ApiKeyAuthentication(ApiKeys.ApiKey key) {
            super(List.of(new SimpleGrantedAuthority(key.role().authority())));
            this.name = key.name();
            setAuthenticated(true);
        }

        @Override
        public Object getCredentials() {
            return null;
        }

        @Override
        public Object getPrincipal() {
            return name;
        }
    }
}

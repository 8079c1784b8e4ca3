package com.acme.hub.platform.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;

/**
 * The endpoints that carry no credential (webhooks prove themselves by signature, probes are public) get a chain of
 * their own, matched first: profiling the liveness probe under load showed a quarter of each request spent walking
 * the API chain's authentication filters (API key, HTTP basic, request cache, ...) only to permit it anyway.
 */
@Configuration(proxyBeanMethods = false)
class PublicEndpointsSecurity {

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityFilterChain publicEndpointsChain(HttpSecurity http) throws Exception {
        PathPatternRequestMatcher.Builder path = PathPatternRequestMatcher.withDefaults();
        http.securityMatcher(new OrRequestMatcher(
                        path.matcher(HttpMethod.POST, "/v1/webhooks/**"),
                        path.matcher(HttpMethod.GET, "/actuator/health/liveness"),
                        path.matcher(HttpMethod.GET, "/actuator/health/readiness")))
                .authorizeHttpRequests(authorize -> authorize.anyRequest().permitAll())
                .requestCache(cache -> cache.disable())
                .securityContext(context -> context.disable())
                .sessionManagement(session -> session.disable())
                .anonymous(anonymous -> anonymous.disable())
                .logout(logout -> logout.disable())
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    /**
     * A span and a timer around every security filter of every request cost more than the filters themselves; the
     * HTTP server observation already times each request, and authentications and authorizations stay observed.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.withDefaults()
                .shouldObserveRequests(false)
                .build();
    }
}

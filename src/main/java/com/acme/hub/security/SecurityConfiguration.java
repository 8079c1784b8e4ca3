package com.acme.hub.security;

import static org.springframework.security.config.Customizer.withDefaults;

import com.acme.hub.platform.HubProperties;
import com.acme.hub.platform.web.ApiErrorWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.ExceptionHandlingConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Three doors. The operator console (Hawtio and its Jolokia bridge) sits behind Spring Security form login and HTTP
 * basic with a cookie CSRF token, as Hawtio's Spring Boot security guide lays out; one login's session serves
 * Hawtio's pages, its back-end servlets and Jolokia (Hawtio's own login is off, see application.yaml). The management API (dead letters, API keys) takes only {@code X-API-Key}, with
 * roles viewer &lt; operator &lt; admin. Everything else is a stateless API that takes an API key or the console login
 * and answers in the hub's error format.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class SecurityConfiguration {

    static final String[] MANAGEMENT_PATHS = {
        "/v1/dead-letters", "/v1/dead-letters/**", "/v1/api-keys", "/v1/api-keys/**"
    };

    static final String[] CONSOLE_PATHS = {
        "/actuator/hawtio", "/actuator/hawtio/**", "/actuator/jolokia", "/actuator/jolokia/**", "/login", "/logout"
    };

    /**
     * Hawtio's back end is plain servlets (user, auth/config, proxy, keycloak) and Jolokia a servlet of its own, not
     * Spring MVC handlers. A pattern given as a string is matched as a Spring MVC pattern, which those requests never
     * match: they fell through to the stateless API chain and were refused despite the session. So the console's
     * paths are matched on the request path itself.
     */
    static RequestMatcher consolePaths() {
        PathPatternRequestMatcher.Builder path = PathPatternRequestMatcher.withDefaults();
        return new OrRequestMatcher(
                Arrays.stream(CONSOLE_PATHS).map(path::matcher).toArray(RequestMatcher[]::new));
    }

    /** An admin may do what an operator may, an operator what a viewer may; the authorization rules pick this up. */
    @Bean
    static RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.withDefaultRolePrefix()
                .role(Role.ADMIN.id())
                .implies(Role.OPERATOR.id())
                .role(Role.OPERATOR.id())
                .implies(Role.VIEWER.id())
                .build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService consoleUsers(HubProperties properties, PasswordEncoder encoder) {
        HubProperties.Console console = properties.security().console();
        return new InMemoryUserDetailsManager(User.withUsername(console.username())
                .password(encoder.encode(console.password()))
                .roles("admin", "viewer")
                .build());
    }

    @Bean
    @Order(1)
    SecurityFilterChain consoleChain(HttpSecurity http, ApiErrorWriter errors) throws Exception {
        http.securityMatcher(consolePaths())
                .authorizeHttpRequests(authorize -> authorize.anyRequest().authenticated())
                .exceptionHandling(handling -> consoleCallsAnswer401(handling, errors))
                .formLogin(form ->
                        form.defaultSuccessUrl("/actuator/hawtio/", false).permitAll())
                // Hawtio's "Log out" calls its own logout servlet with a GET: end the Spring session there as well.
                .logout(logout -> logout.logoutRequestMatcher(new OrRequestMatcher(
                                PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/logout"),
                                PathPatternRequestMatcher.withDefaults().matcher("/actuator/hawtio/auth/logout")))
                        .logoutSuccessUrl("/login?logout"))
                .httpBasic(withDefaults())
                .csrf(csrf -> csrf.csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
                        // A request with neither a session nor credentials has nothing a forger could ride on: it
                        // goes on to authentication and gets 401, not a 403 about a token it could never have had.
                        .ignoringRequestMatchers(request ->
                                request.getSession(false) == null && request.getHeader("Authorization") == null)
                        // The console reads the token from the cookie and sends it back raw, so no BREACH masking.
                        .csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler()))
                .addFilterAfter(new CsrfCookieFilter(), BasicAuthenticationFilter.class);
        return http.build();
    }

    /**
     * The console's own calls (Jolokia, Hawtio's back end) answer 401 in the hub's error format without a live
     * session, with no {@code WWW-Authenticate} that would make the browser ask for basic credentials over the
     * console. Pages (HTML) keep form login's entry point: a person is sent to the login form. Registered as a
     * default, not as the entry point, so Spring Security still generates the login page.
     */
    private static void consoleCallsAnswer401(
            ExceptionHandlingConfigurer<HttpSecurity> handling, ApiErrorWriter errors) {
        MediaTypeRequestMatcher pages = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
        pages.setIgnoredMediaTypes(Set.of(MediaType.ALL));
        handling.defaultAuthenticationEntryPointFor(
                (request, response, e) ->
                        errors.write(request, response, 401, "UNAUTHORIZED", "Log in to the console first", Map.of()),
                new NegatedRequestMatcher(pages));
    }

    /**
     * The simulated external systems check their own credentials (a sales bearer token, OAuth2 client credentials in
     * HTTP basic). Under the API chain the basic-auth filter would take those for console logins and answer 401.
     */
    @Bean
    @Order(0)
    SecurityFilterChain sandboxChain(HttpSecurity http) throws Exception {
        http.securityMatcher("/sandbox/**")
                .authorizeHttpRequests(authorize -> authorize.anyRequest().permitAll())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    /**
     * Reading dead letters takes any valid key; replaying and discarding them takes operator; managing keys, admin.
     * No HTTP basic here: the console login is not a management API credential.
     */
    @Bean
    @Order(2)
    SecurityFilterChain managementChain(HttpSecurity http, ApiErrorWriter errors, ApiKeys keys) throws Exception {
        http.securityMatcher(MANAGEMENT_PATHS)
                .authorizeHttpRequests(authorize -> authorize
                        .requestMatchers(HttpMethod.GET, "/v1/dead-letters", "/v1/dead-letters/**")
                        .hasRole(Role.VIEWER.id())
                        .requestMatchers("/v1/dead-letters", "/v1/dead-letters/**")
                        .hasRole(Role.OPERATOR.id())
                        .anyRequest()
                        .hasRole(Role.ADMIN.id()))
                .addFilterBefore(new ApiKeyAuthenticationFilter(keys, errors, true), BasicAuthenticationFilter.class)
                .exceptionHandling(handling -> handling.authenticationEntryPoint((request, response, e) -> errors.write(
                                request,
                                response,
                                401,
                                "UNAUTHORIZED",
                                "An API key is required",
                                Map.of("field", ApiKeyAuthenticationFilter.HEADER, "reason", "missing")))
                        .accessDeniedHandler((request, response, e) -> errors.write(
                                request, response, 403, "FORBIDDEN", "Not allowed for this credential", Map.of())))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain apiChain(HttpSecurity http, ApiErrorWriter errors, ApiKeys keys) throws Exception {
        http.authorizeHttpRequests(authorize -> authorize
                        .requestMatchers(
                                "/actuator/health",
                                "/actuator/health/**",
                                "/actuator/prometheus",
                                "/actuator/info",
                                "/v1/webhooks/**",
                                "/v1/bench/**",
                                "/sample/**",
                                "/error")
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .addFilterBefore(new ApiKeyAuthenticationFilter(keys, errors, false), BasicAuthenticationFilter.class)
                .httpBasic(basic -> basic.authenticationEntryPoint((request, response, e) ->
                        errors.write(request, response, 401, "UNAUTHORIZED", "Authentication is required", Map.of())))
                .exceptionHandling(handling -> handling.authenticationEntryPoint((request, response, e) -> errors.write(
                                request, response, 401, "UNAUTHORIZED", "Authentication is required", Map.of()))
                        .accessDeniedHandler((request, response, e) -> errors.write(
                                request, response, 403, "FORBIDDEN", "Not allowed for this credential", Map.of())))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    /** Loads the deferred CSRF token on every console request so the cookie is always there for the console. */
    private static final class CsrfCookieFilter extends OncePerRequestFilter {
        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
            if (token != null) {
                token.getToken();
            }
            chain.doFilter(request, response);
        }
    }
}

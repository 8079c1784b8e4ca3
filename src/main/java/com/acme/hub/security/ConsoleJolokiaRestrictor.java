package com.acme.hub.security;

import java.util.Collection;
import java.util.Set;
import javax.management.ObjectName;
import org.jolokia.server.core.restrictor.AllowAllRestrictor;
import org.jolokia.server.core.util.RequestType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The console's roles inside Jolokia, through Jolokia's own restrictor hook ({@code
 * management.endpoint.jolokia.config.restrictorClass}): a viewer may read, list, search and ask the version; an
 * operator (and so an admin) may also write attributes and execute operations, which is how Hawtio starts, stops and
 * resets routes and circuit breakers. Jolokia creates this class itself, so it finds the caller in the Spring
 * Security context of the request it runs in, which the console's filter chain has authenticated.
 */
public class ConsoleJolokiaRestrictor extends AllowAllRestrictor {

    private static final Set<RequestType> VIEWER_TYPES =
            Set.of(RequestType.READ, RequestType.LIST, RequestType.SEARCH, RequestType.VERSION);

    @Override
    public boolean isTypeAllowed(RequestType type) {
        return VIEWER_TYPES.contains(type) || operates();
    }

    @Override
    public boolean isAttributeWriteAllowed(ObjectName name, String attribute) {
        return operates();
    }

    @Override
    public boolean isOperationAllowed(ObjectName name, String operation) {
        return operates();
    }

    private static boolean operates() {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        if (caller == null || !caller.isAuthenticated()) {
            return false;
        }
        Collection<? extends GrantedAuthority> reachable =
                SecurityConfiguration.roleHierarchy().getReachableGrantedAuthorities(caller.getAuthorities());
        return reachable.stream().anyMatch(a -> Role.OPERATOR.authority().equals(a.getAuthority()));
    }
}

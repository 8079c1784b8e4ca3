package com.acme.hub.security;

import java.util.Locale;
import java.util.Optional;

/** What a management API credential may do; each role can do everything the ones below it can. */
enum Role {
    VIEWER,
    OPERATOR,
    ADMIN;

    /** As stored and as shown: {@code viewer}, {@code operator}, {@code admin}. */
    String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    String authority() {
        return "ROLE_" + id();
    }

    static Optional<Role> of(String id) {
        for (Role role : values()) {
            if (role.id().equals(id)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}

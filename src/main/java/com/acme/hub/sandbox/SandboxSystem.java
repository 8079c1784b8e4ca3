package com.acme.hub.sandbox;

import java.util.Arrays;
import java.util.Optional;

/** The simulated systems; the name is the path segment under {@code /sandbox/} and the key of its ledger. */
enum SandboxSystem {
    SALES("sales"),
    ERP("erp"),
    ESIGN("esign");

    private final String id;

    SandboxSystem(String id) {
        this.id = id;
    }

    String id() {
        return id;
    }

    static Optional<SandboxSystem> of(String id) {
        return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst();
    }
}

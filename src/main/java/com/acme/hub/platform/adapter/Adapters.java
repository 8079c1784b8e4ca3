package com.acme.hub.platform.adapter;

import java.util.Collection;
import java.util.Map;
import java.util.NoSuchElementException;

/** The configured adapters by id. */
public final class Adapters {

    private final Map<String, AdapterRuntime> byId;

    Adapters(Map<String, AdapterRuntime> byId) {
        this.byId = Map.copyOf(byId);
    }

    public AdapterRuntime get(String id) {
        AdapterRuntime adapter = byId.get(id);
        if (adapter == null) {
            throw new NoSuchElementException("no adapter configured under hub.adapters." + id);
        }
        return adapter;
    }

    public Collection<AdapterRuntime> all() {
        return byId.values();
    }
}

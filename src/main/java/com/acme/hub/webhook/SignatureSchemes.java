package com.acme.hub.webhook;

import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/** The schemes a webhook source can be configured with, by name. */
public final class SignatureSchemes {

    private static final SortedMap<String, SigningScheme> BY_NAME = index(List.of(
            new StandardWebhooksScheme(),
            new GithubScheme(),
            new StripeScheme(),
            new DocusignScheme(),
            new ShopifyScheme(),
            new GenericHmacScheme()));

    private SignatureSchemes() {}

    /** @throws IllegalArgumentException naming the valid schemes, so a misconfigured source says how to fix it */
    public static SignatureScheme forName(String name) {
        return signing(name);
    }

    /** The valid names, sorted. */
    public static Set<String> names() {
        return BY_NAME.keySet();
    }

    static SigningScheme signing(String name) {
        SigningScheme scheme = name == null ? null : BY_NAME.get(name);
        if (scheme == null) {
            throw new IllegalArgumentException(
                    "unknown signature scheme '" + name + "'; valid: " + String.join(", ", names()));
        }
        return scheme;
    }

    private static SortedMap<String, SigningScheme> index(List<SigningScheme> schemes) {
        SortedMap<String, SigningScheme> byName = new TreeMap<>();
        schemes.forEach(scheme -> byName.put(scheme.name(), scheme));
        return Collections.unmodifiableSortedMap(byName);
    }
}

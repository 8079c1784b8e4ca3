package com.acme.hub.webhook;

import com.acme.hub.platform.HubProperties;
import com.fasterxml.jackson.core.JsonPointer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/** The configured webhook sources, resolved once at start-up: a bad scheme name stops the hub there. */
class WebhookSources {

    static final String TOPIC_PREFIX = "hub.inbound.";
    /** The tenant of a source configured without one (ARCHITECTURE.md, "Tenants"). */
    static final String DEFAULT_TENANT = "default";

    record Source(
            String name,
            SignatureScheme scheme,
            List<String> secrets,
            String tenant,
            String topic,
            Double rateLimit,
            List<String> contentTypes,
            List<MediaType> mediaTypes,
            String eventTypeAt) {

        boolean accepts(String contentType) {
            if (contentType == null) {
                return false;
            }
            try {
                MediaType actual = MediaType.parseMediaType(contentType);
                return mediaTypes.stream().anyMatch(accepted -> accepted.includes(actual));
            } catch (InvalidMediaTypeException e) {
                return false;
            }
        }
    }

    private final Map<String, Source> sources;

    WebhookSources(Map<String, HubProperties.WebhookSource> configured) {
        this.sources = configured.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(
                        Map.Entry::getKey, entry -> resolve(entry.getKey(), entry.getValue())));
    }

    private static Source resolve(String name, HubProperties.WebhookSource source) {
        SignatureScheme scheme;
        try {
            scheme = SignatureSchemes.forName(source.scheme());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("hub.webhooks.sources." + name + ".scheme: " + e.getMessage());
        }
        String topic = source.topic() == null || source.topic().isBlank() ? TOPIC_PREFIX + name : source.topic();
        String eventTypeAt = EventTypes.where(source.scheme(), source.eventType());
        if (eventTypeAt != null && eventTypeAt.startsWith("/")) {
            try {
                JsonPointer.compile(eventTypeAt);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(
                        "hub.webhooks.sources." + name + ".event-type: not a JSON pointer: " + e.getMessage());
            }
        }
        String tenant = source.tenant() == null || source.tenant().isBlank() ? DEFAULT_TENANT : source.tenant();
        return new Source(
                name,
                scheme,
                source.secrets(),
                tenant,
                topic,
                source.rateLimit(),
                source.contentTypes(),
                source.contentTypes().stream().map(MediaType::parseMediaType).toList(),
                eventTypeAt);
    }

    Optional<Source> find(String name) {
        return Optional.ofNullable(name == null ? null : sources.get(name));
    }

    Set<String> names() {
        return sources.keySet();
    }

    List<String> topics() {
        return sources.values().stream().map(Source::topic).distinct().toList();
    }
}

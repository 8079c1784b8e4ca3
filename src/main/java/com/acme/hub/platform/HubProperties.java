package com.acme.hub.platform;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Everything under {@code hub.*}, one record per area. Unknown keys fail start-up: a misspelt setting that is
 * silently ignored is worse than a hub that does not start.
 */
@Validated
@ConfigurationProperties(prefix = "hub", ignoreUnknownFields = false)
public record HubProperties(
        @Valid @NotNull @DefaultValue Kafka kafka,
        @Valid @NotNull @DefaultValue Security security,
        @Valid @NotNull @DefaultValue Sandbox sandbox) {

    /**
     * @param bootstrapServers external brokers; empty means the in-process broker below is started
     */
    public record Kafka(@DefaultValue("") String bootstrapServers, @Valid @NotNull @DefaultValue Embedded embedded) {

        public boolean external() {
            return bootstrapServers != null && !bootstrapServers.isBlank();
        }
    }

    /**
     * The embedded default broker. Port 0 picks free ports (tests run several hubs side by side).
     */
    public record Embedded(
            @NotBlank @DefaultValue("localhost") String host,
            @Min(0) @Max(65535) @DefaultValue("9092") int port,
            @Min(0) @Max(65535) @DefaultValue("9093") int controllerPort,
            @NotBlank @DefaultValue("./data/kafka") String dataDir) {}

    public record Security(@Valid @NotNull @DefaultValue Console console) {}

    /** The operator console (Hawtio) login; the password has no default outside the local profile. */
    public record Console(@NotBlank @DefaultValue("admin") String username, @NotBlank String password) {}

    public record Sandbox(@DefaultValue("false") boolean enabled) {}
}

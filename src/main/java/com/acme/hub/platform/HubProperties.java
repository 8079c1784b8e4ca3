package com.acme.hub.platform;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
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
        @Valid @NotNull @DefaultValue Webhooks webhooks,
        @NotNull @DefaultValue Map<String, @Valid Adapter> adapters,
        @Valid @NotNull @DefaultValue DeadLetters deadLetters,
        @Valid @NotNull @DefaultValue Steps steps,
        @Valid @NotNull @DefaultValue Sandbox sandbox,
        @Valid @NotNull @DefaultValue Bench bench) {

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

    /**
     * @param tolerance how far a signed timestamp may be from now
     * @param maxBodyBytes larger bodies get 413 and are not read past the limit
     * @param publishTimeout how long a webhook waits for Kafka's acknowledgement before the sender gets 503
     * @param inFlightTimeout a claim older than this is taken to belong to a crashed replica and may be taken over
     */
    public record Webhooks(
            @NotNull @DefaultValue("5m") Duration tolerance,
            @NotNull @DefaultValue("1MB") DataSize maxBodyBytes,
            @NotNull @DefaultValue("4s") Duration publishTimeout,
            @NotNull @DefaultValue("30s") Duration inFlightTimeout,
            @NotNull @DefaultValue Map<String, @Valid WebhookSource> sources) {}

    /**
     * One external system that posts webhooks.
     *
     * @param scheme how its requests are signed (standard-webhooks, github, stripe, docusign, shopify, hmac-sha256)
     * @param secret comma-separated; any one may match, so secrets can be rotated without downtime
     * @param topic default {@code hub.inbound.<source>}
     * @param rateLimit requests per second, shared by all replicas; absent means unlimited
     * @param contentTypes media types accepted; default application/json
     */
    public record WebhookSource(
            @NotBlank String scheme,
            @NotBlank String secret,
            String tenant,
            String topic,
            @Positive Double rateLimit,
            @DefaultValue("application/json") List<String> contentTypes) {

        public List<String> secrets() {
            return Arrays.stream(secret.split(","))
                    .map(String::strip)
                    .filter(s -> !s.isEmpty())
                    .toList();
        }
    }

    /**
     * @param topic where given-up messages are published, beside the dead-letter table
     * @param bulkConcurrency letters a bulk replay has in flight at once; the adapter's throttle and circuit breaker
     *     still decide how fast they reach the external system
     */
    public record DeadLetters(
            @NotBlank @DefaultValue("integration.dlq") String topic,
            @Min(1) @Max(64) @DefaultValue("4") int bulkConcurrency) {}

    /**
     * The step ledger (docs/step-ledger.md): which adapter steps are in progress or done, shared by all replicas.
     *
     * @param lease how long a replica's claim on a step in progress lasts unless renewed; after it, another replica
     *     takes the step over (so this is how long a step of a crashed replica waits)
     * @param renewEvery how often a replica renews the leases of its steps in progress; well under the lease
     * @param retention how long a done step is remembered (and so not run again for a redelivered or replayed event)
     * @param purgeEvery how often done steps past the retention are deleted
     * @param purgeBatch rows deleted per statement by the purge
     */
    public record Steps(
            @NotNull @DefaultValue("30s") Duration lease,
            @NotNull @DefaultValue("10s") Duration renewEvery,
            @NotNull @DefaultValue("30d") Duration retention,
            @NotNull @DefaultValue("1h") Duration purgeEvery,
            @Min(1) @DefaultValue("1000") int purgeBatch) {}

    /**
     * One external system the hub calls ({@code hub.adapters.<id>}).
     *
     * @param baseUrl HTTP adapters: where the system lives
     * @param exchange messaging adapters: where commands go
     * @param token a static bearer token (sales)
     * @param tokenUrl OAuth2 client-credentials token endpoint (esign); with clientId and clientSecret
     * @param accountId the account the hub acts for (esign)
     * @param timeout a call that has not answered by then has failed (and is retried)
     */
    public record Adapter(
            String baseUrl,
            String exchange,
            String token,
            String tokenUrl,
            String clientId,
            String clientSecret,
            String accountId,
            @NotNull @DefaultValue("30s") Duration timeout,
            @Valid @NotNull @DefaultValue CircuitBreaker circuitBreaker,
            @Valid @NotNull @DefaultValue Retry retry,
            @Valid @NotNull @DefaultValue RateLimit rateLimit) {}

    /**
     * @param failureThreshold this many failed calls in a row open the circuit
     * @param halfOpenSuccesses trial calls let through after the open wait; the circuit closes unless they all fail
     * @param openWait how long an open circuit sends nothing
     */
    public record CircuitBreaker(
            @Min(1) @DefaultValue("5") int failureThreshold,
            @Min(1) @DefaultValue("2") int halfOpenSuccesses,
            @NotNull @DefaultValue("60s") Duration openWait) {}

    /**
     * @param maxAttempts calls in all, the first one included (so 4 means 3 retries)
     * @param jitter the fraction by which each delay is randomly lengthened or shortened
     */
    public record Retry(
            @Min(1) @DefaultValue("4") int maxAttempts,
            @NotNull @DefaultValue("1s") Duration initialDelay,
            @DefaultValue("2.0") double multiplier,
            @NotNull @DefaultValue("30s") Duration maxDelay,
            @DefaultValue("0.1") double jitter) {}

    /** Requests per second on average, with up to {@code burst} at once. */
    public record RateLimit(@Positive @DefaultValue("10") double perSecond, @Min(1) @DefaultValue("100") int burst) {}

    /**
     * @param bootstrapApiKey when set, an admin API key (named {@code bootstrap}) with this value exists from start-up
     *     on; when unset, a bootstrap key left from an earlier start is revoked
     */
    public record Security(@Valid @NotNull @DefaultValue Console console, String bootstrapApiKey) {}

    /** The operator console (Hawtio) login; the password has no default outside the local profile. */
    public record Console(@NotBlank @DefaultValue("admin") String username, @NotBlank String password) {}

    /** Only for bench/: an endpoint that answers 202 doing no work, the baseline the ingress is measured against. */
    public record Bench(@DefaultValue("false") boolean enabled) {}

    /**
     * The simulated external systems (ARCHITECTURE.md, "Sandbox"). Their credentials have no defaults: the sandbox
     * refuses to start without them rather than accept any caller.
     */
    public record Sandbox(
            @DefaultValue("false") boolean enabled,
            @Valid @NotNull @DefaultValue Sales sales,
            @Valid @NotNull @DefaultValue Esign esign) {

        /** @param token the bearer token the simulated sales API accepts */
        public record Sales(String token) {}

        /**
         * @param clientId OAuth2 client-credentials id the simulated provider accepts
         * @param clientSecret its secret
         * @param tokenTtl how long an access token is valid
         * @param accountId the only account whose envelopes exist
         * @param completeAfter how long after creation an envelope is completed (the signer "signs")
         * @param callbackUrl where completions are posted; empty means this hub's own {@code /v1/webhooks/esign}
         * @param callbackSecret DocuSign Connect HMAC key the callbacks are signed with
         * @param callbackAttempts how often a callback is tried before the provider gives up
         * @param callbackBackoff wait before the second attempt, doubled for each further one
         */
        public record Esign(
                String clientId,
                String clientSecret,
                @NotNull @DefaultValue("1h") Duration tokenTtl,
                @NotBlank @DefaultValue("sandbox-account") String accountId,
                @NotNull @DefaultValue("1s") Duration completeAfter,
                String callbackUrl,
                String callbackSecret,
                @Min(1) @DefaultValue("5") int callbackAttempts,
                @NotNull @DefaultValue("1s") Duration callbackBackoff) {}
    }
}

package com.acme.hub.platform.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.hub.platform.HubProperties;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Two replicas call the sales system at once, each as fast as its rate limit lets it: this hub through its adapter
 * step, and another replica drawing from its own {@link AdapterRateLimits} over the same database. The sales system
 * sees the limit of one, not of two.
 */
class SharedRateLimitIT extends ReplicaTestSupport {

    private static final int EACH = 35;

    @Autowired
    DataSource dataSource;

    @Test
    void twoReplicasTogetherStayWithinTheLimitOverEveryTenSeconds() throws Exception {
        AdapterRateLimits otherReplica = new AdapterRateLimits(dataSource);
        HubProperties.RateLimit limit = new HubProperties.RateLimit(RATE, RATE);
        HttpClient http = HttpClient.newHttpClient();
        ExecutorService otherThreads = Executors.newFixedThreadPool(4);
        List<CompletableFuture<?>> sent = new ArrayList<>();
        try {
            for (int i = 0; i < EACH; i++) {
                String event = "evt_" + UUID.randomUUID();
                sent.add(producer.asyncRequestBodyAndHeaders(
                        "direct:sales-order-intake", order(event), Map.of("event-id", event, "correlation-id", "c")));
                sent.add(CompletableFuture.runAsync(
                        () -> {
                            try {
                                otherReplica.acquire("sales", limit);
                                http.send(
                                        HttpRequest.newBuilder(URI.create(SALES.baseUrl() + INTAKE))
                                                .POST(HttpRequest.BodyPublishers.ofString(order(event)))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding());
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        },
                        otherThreads));
            }
            sent.forEach(CompletableFuture::join);
        } finally {
            otherThreads.shutdownNow();
        }

        List<Instant> at = callTimes();
        assertThat(at).hasSize(2 * EACH);
        // The burst comes once, at the start; from then on the rate alone applies.
        int busiest = busiest(at.subList(RATE, at.size()), Duration.ofSeconds(10));
        System.out.printf(
                "Shared rate limit: %d calls from 2 replicas in %d ms, busiest 10 s after the burst: %d calls"
                        + " (limit %d/s)%n",
                at.size(), Duration.between(at.get(0), at.get(at.size() - 1)).toMillis(), busiest, RATE);
        assertThat(busiest)
                .as("calls in the busiest 10 s after the burst, within 10% of the limit")
                .isLessThanOrEqualTo((int) (RATE * 10 * 1.1));
    }

    /** The most calls in any window of this length that starts at a call. */
    private static int busiest(List<Instant> sorted, Duration window) {
        int busiest = 0;
        int end = 0;
        for (int start = 0; start < sorted.size(); start++) {
            Instant limit = sorted.get(start).plus(window);
            while (end < sorted.size() && sorted.get(end).isBefore(limit)) {
                end++;
            }
            busiest = Math.max(busiest, end - start);
        }
        return busiest;
    }
}

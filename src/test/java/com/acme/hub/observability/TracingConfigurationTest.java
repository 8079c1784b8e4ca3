package com.acme.hub.observability;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TracingConfigurationTest {

    private final WireMockServer collector = new WireMockServer(options().dynamicPort());

    @BeforeEach
    void start() {
        collector.start();
        collector.stubFor(post(urlEqualTo("/v1/traces")).willReturn(aResponse().withStatus(200)));
    }

    @AfterEach
    void stop() {
        collector.stop();
    }

    @Test
    void spansGoOverOtlpHttpToTheEndpointTheEnvironmentNames() {
        try (OpenTelemetrySdk sdk =
                TracingConfiguration.sdk(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", collector.baseUrl()))) {
            Span span = sdk.getTracer("test").spanBuilder("order-SO-1001").startSpan();
            span.end();
            assertThat(sdk.getSdkTracerProvider()
                            .forceFlush()
                            .join(10, TimeUnit.SECONDS)
                            .isSuccess())
                    .isTrue();
        }

        List<LoggedRequest> exports = collector.findAll(postRequestedFor(urlEqualTo("/v1/traces"))
                .withHeader("Content-Type", equalTo("application/x-protobuf")));
        assertThat(exports).hasSize(1);
        String payload = new String(exports.get(0).getBody(), StandardCharsets.ISO_8859_1);
        assertThat(payload).contains("order-SO-1001").contains("integration-hub");
    }

    @Test
    void withoutAnEndpointSpansAreMadeButNothingIsExported() {
        try (OpenTelemetrySdk sdk = TracingConfiguration.sdk(Map.of())) {
            Span span = sdk.getTracer("test").spanBuilder("order-SO-1002").startSpan();
            assertThat(span.getSpanContext().isValid()).isTrue();
            assertThat(span.getSpanContext().isSampled()).isTrue();
            span.end();
            assertThat(sdk.getSdkTracerProvider().toString()).doesNotContain("Otlp");
        }
    }
}

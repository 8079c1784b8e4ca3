package com.acme.hub.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.hub.platform.adapter.AdapterCallException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.support.builder.PredicateBuilder;
import org.apache.camel.support.processor.PredicateValidationException;
import org.junit.jupiter.api.Test;

class DeadLetterErrorTypeTest {

    @Test
    void builtInAdaptersKeepTheirOwnClassification() {
        assertThat(DeadLetterRoute.errorType(new AdapterCallException.Rejected("client_error", "no")))
                .isEqualTo("client_error");
    }

    @Test
    void routesCallingEndpointsDirectlyAreClassifiedByWhatWasThrown() {
        assertThat(DeadLetterRoute.errorType(http(503))).isEqualTo("server_error");
        assertThat(DeadLetterRoute.errorType(http(429))).isEqualTo("rate_limited");
        assertThat(DeadLetterRoute.errorType(http(404))).isEqualTo("client_error");
        assertThat(DeadLetterRoute.errorType(new RuntimeCamelException(new ConnectException("refused"))))
                .isEqualTo("connection");
        assertThat(DeadLetterRoute.errorType(new SocketTimeoutException("read timed out")))
                .isEqualTo("timeout");
        assertThat(DeadLetterRoute.errorType(
                        CallNotPermittedException.createCallNotPermittedException(CircuitBreaker.ofDefaults("crm"))))
                .isEqualTo("circuit_open");
        assertThat(DeadLetterRoute.errorType(new PredicateValidationException(null, PredicateBuilder.constant(false))))
                .isEqualTo("validation");
        assertThat(DeadLetterRoute.errorType(new IllegalStateException("?"))).isEqualTo("unexpected");
    }

    private static HttpOperationFailedException http(int status) {
        return new HttpOperationFailedException("http://crm/customers", status, "status", null, null, null);
    }
}

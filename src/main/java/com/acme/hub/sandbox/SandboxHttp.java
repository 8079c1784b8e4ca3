package com.acme.hub.sandbox;

import com.acme.hub.observability.Correlation;
import com.acme.hub.platform.web.ApiError;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/** What every simulated HTTP call goes through first, and the hub's error format for the simulators' refusals. */
@Component
@SandboxEnabled
class SandboxHttp {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final SandboxLedger ledger;
    private final SandboxFaults faults;

    SandboxHttp(SandboxLedger ledger, SandboxFaults faults) {
        this.ledger = ledger;
        this.faults = faults;
    }

    /**
     * Counts the call, then plays the system's faults. A faulted call is answered here, before authentication or any
     * effect: a system that is down does not look at the request.
     */
    Optional<ResponseEntity<Object>> admit(SandboxSystem system, HttpServletRequest request) {
        ledger.countRequest(system);
        return faults.strike(system).map(fault -> {
            ResponseEntity.BodyBuilder answer = ResponseEntity.status(fault.status());
            if (fault.retryAfterSeconds() != null) {
                answer.header(HttpHeaders.RETRY_AFTER, String.valueOf(fault.retryAfterSeconds()));
            }
            return answer.contentType(MediaType.APPLICATION_JSON)
                    .body(ApiError.of(
                            "SANDBOX_FAULT",
                            "Simulated failure of " + system.id(),
                            Map.of("system", system.id()),
                            Correlation.of(request)));
        });
    }

    static ResponseEntity<Object> error(
            int status, String code, String message, Map<String, Object> details, HttpServletRequest request) {
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .body(ApiError.of(code, message, details, Correlation.of(request)));
    }

    static ResponseEntity<Object> unauthorized(String message, HttpServletRequest request) {
        return ResponseEntity.status(401)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .contentType(MediaType.APPLICATION_JSON)
                .body(ApiError.of(
                        "UNAUTHORIZED", message, Map.of("field", HttpHeaders.AUTHORIZATION), Correlation.of(request)));
    }

    static ResponseEntity<Object> missingIdempotencyKey(HttpServletRequest request) {
        return error(
                400,
                "MISSING_IDEMPOTENCY_KEY",
                "Every call that changes something needs an Idempotency-Key",
                Map.of("field", IDEMPOTENCY_KEY),
                request);
    }

    static String idempotencyKey(HttpServletRequest request) {
        String key = request.getHeader(IDEMPOTENCY_KEY);
        return key == null || key.isBlank() ? null : key.strip();
    }
}

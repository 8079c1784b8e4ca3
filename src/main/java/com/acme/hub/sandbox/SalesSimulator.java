package com.acme.hub.sandbox;

import com.acme.hub.platform.HubProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The sales system's order API, as the hub calls it: bearer token, and an {@code Idempotency-Key} on every call that
 * changes something. A repeated key answers what the first call answered and changes nothing again.
 */
@RestController
@RequestMapping("/sandbox/sales/api/v2/orders")
@SandboxEnabled
class SalesSimulator {

    static final String INTAKE = "order.intake";
    static final String STATUS = "order.status";

    private final SandboxHttp http;
    private final SandboxLedger ledger;
    private final ObjectMapper mapper;
    private final byte[] token;

    SalesSimulator(SandboxHttp http, SandboxLedger ledger, ObjectMapper mapper, HubProperties properties) {
        this.http = http;
        this.ledger = ledger;
        this.mapper = mapper;
        String configured = properties.sandbox().sales().token();
        if (configured == null || configured.isBlank()) {
            throw new IllegalStateException(
                    "hub.sandbox.sales.token must be set when hub.sandbox.enabled=true (the token the simulated"
                            + " sales API accepts)");
        }
        this.token = configured.getBytes(StandardCharsets.UTF_8);
    }

    /** Takes an order in; the order id is read from {@code orderId}, or {@code data.orderId} (an order.created event). */
    @PostMapping("/intake")
    ResponseEntity<Object> intake(@RequestBody(required = false) String body, HttpServletRequest request) {
        Optional<ResponseEntity<Object>> refused = refuse(request);
        if (refused.isPresent()) {
            return refused.get();
        }
        JsonNode json = SandboxJson.parse(mapper, body);
        String orderId = SandboxJson.text(json, "orderId")
                .or(() -> SandboxJson.text(json.path("data"), "orderId"))
                .orElse(null);
        if (orderId == null) {
            return SandboxHttp.error(
                    400,
                    "INVALID_ORDER",
                    "The order has no id",
                    Map.of("field", "orderId", "reason", "missing (looked at orderId and data.orderId)"),
                    request);
        }
        SandboxLedger.Recorded recorded =
                ledger.record(SandboxSystem.SALES, SandboxHttp.idempotencyKey(request), INTAKE, orderId, () -> {
                    ObjectNode answer = mapper.createObjectNode();
                    answer.put("orderId", orderId);
                    answer.put("status", "RECEIVED");
                    answer.put("receivedAt", Instant.now().toString());
                    return answer.toString();
                });
        return ResponseEntity.status(201)
                .body(SandboxJson.stored(mapper, recorded.effect().result()));
    }

    /** Sets an order's status, e.g. {@code {"status":"CONTRACT_SIGNED"}} once the contract is signed. */
    @PatchMapping("/{orderId}/status")
    ResponseEntity<Object> status(
            @PathVariable String orderId, @RequestBody(required = false) String body, HttpServletRequest request) {
        Optional<ResponseEntity<Object>> refused = refuse(request);
        if (refused.isPresent()) {
            return refused.get();
        }
        String status =
                SandboxJson.text(SandboxJson.parse(mapper, body), "status").orElse(null);
        if (status == null) {
            return SandboxHttp.error(
                    400, "INVALID_STATUS", "No status given", Map.of("field", "status", "reason", "missing"), request);
        }
        SandboxLedger.Recorded recorded =
                ledger.record(SandboxSystem.SALES, SandboxHttp.idempotencyKey(request), STATUS, orderId, () -> {
                    ObjectNode answer = mapper.createObjectNode();
                    answer.put("orderId", orderId);
                    answer.put("status", status);
                    answer.put("updatedAt", Instant.now().toString());
                    return answer.toString();
                });
        return ResponseEntity.ok(SandboxJson.stored(mapper, recorded.effect().result()));
    }

    /** Faults, then credentials, then the idempotency key: the order a real API gateway checks them in. */
    private Optional<ResponseEntity<Object>> refuse(HttpServletRequest request) {
        Optional<ResponseEntity<Object>> faulted = http.admit(SandboxSystem.SALES, request);
        if (faulted.isPresent()) {
            return faulted;
        }
        if (!authorized(request.getHeader(HttpHeaders.AUTHORIZATION))) {
            return Optional.of(SandboxHttp.unauthorized("A valid bearer token is required", request));
        }
        if (SandboxHttp.idempotencyKey(request) == null) {
            return Optional.of(SandboxHttp.missingIdempotencyKey(request));
        }
        return Optional.empty();
    }

    private boolean authorized(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] presented = authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(presented, token);
    }
}

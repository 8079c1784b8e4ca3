package com.acme.hub.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Steering and inspection of the simulated systems: their ledgers and their faults. These calls are not calls to the
 * simulated systems, so they are not counted as requests and no fault applies to them.
 */
@RestController
@RequestMapping("/sandbox/{system}")
@SandboxEnabled
class SandboxAdminController {

    private static final Set<String> FAULT_FIELDS = Set.of("errorRate", "status", "latencyMs", "retryAfterSeconds");
    /** Longer than any client timeout worth testing, short enough that a typo does not hang a thread for hours. */
    private static final long MAX_LATENCY_MS = 120_000;

    private final SandboxLedger ledger;
    private final SandboxFaults faults;
    private final ObjectMapper mapper;

    SandboxAdminController(SandboxLedger ledger, SandboxFaults faults, ObjectMapper mapper) {
        this.ledger = ledger;
        this.faults = faults;
        this.mapper = mapper;
    }

    @GetMapping("/ledger")
    ResponseEntity<Object> ledger(@PathVariable String system, HttpServletRequest request) {
        return withSystem(system, request, s -> {
            List<Map<String, Object>> effects = ledger.effects(s).stream()
                    .map(effect -> {
                        Map<String, Object> view = new LinkedHashMap<>();
                        view.put("idempotencyKey", effect.idempotencyKey());
                        view.put("operation", effect.operation());
                        view.put("reference", effect.reference());
                        view.put("at", effect.at().toString());
                        return view;
                    })
                    .toList();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("requests", ledger.requests(s));
            body.put("effects", effects);
            return ResponseEntity.ok(body);
        });
    }

    @DeleteMapping("/ledger")
    ResponseEntity<Object> resetLedger(@PathVariable String system, HttpServletRequest request) {
        return withSystem(system, request, s -> {
            ledger.reset(s);
            return ResponseEntity.noContent().build();
        });
    }

    @GetMapping("/faults")
    ResponseEntity<Object> faults(@PathVariable String system, HttpServletRequest request) {
        return withSystem(
                system,
                request,
                s -> ResponseEntity.ok(faults.current(s).<Object>map(f -> f).orElse(Map.of())));
    }

    @PostMapping("/faults")
    ResponseEntity<Object> setFaults(
            @PathVariable String system, @RequestBody(required = false) String body, HttpServletRequest request) {
        return withSystem(system, request, s -> {
            JsonNode json;
            try {
                json = body == null || body.isBlank() ? mapper.createObjectNode() : mapper.readTree(body);
            } catch (JsonProcessingException e) {
                return invalid(request, "body", "not JSON");
            }
            if (!json.isObject()) {
                return invalid(request, "body", "not a JSON object");
            }
            for (var names = json.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!FAULT_FIELDS.contains(name)) {
                    return invalid(request, name, "unknown field; known: " + FAULT_FIELDS);
                }
            }
            JsonNode errorRate = json.path("errorRate");
            JsonNode status = json.path("status");
            JsonNode latency = json.path("latencyMs");
            JsonNode retryAfter = json.path("retryAfterSeconds");
            if (!errorRate.isMissingNode()
                    && (!errorRate.isNumber() || errorRate.asDouble() < 0 || errorRate.asDouble() > 1)) {
                return invalid(request, "errorRate", "must be a number from 0 to 1");
            }
            if (!status.isMissingNode() && (!status.isInt() || status.asInt() < 400 || status.asInt() > 599)) {
                return invalid(request, "status", "must be an HTTP error status, 400 to 599");
            }
            if (!latency.isMissingNode()
                    && (!latency.canConvertToLong()
                            || !latency.isIntegralNumber()
                            || latency.asLong() < 0
                            || latency.asLong() > MAX_LATENCY_MS)) {
                return invalid(request, "latencyMs", "must be a whole number from 0 to " + MAX_LATENCY_MS);
            }
            if (!retryAfter.isMissingNode()
                    && !retryAfter.isNull()
                    && (!retryAfter.isInt() || retryAfter.asInt() < 0)) {
                return invalid(request, "retryAfterSeconds", "must be a whole number of seconds, 0 or more");
            }
            SandboxFaults.Fault fault = new SandboxFaults.Fault(
                    errorRate.isMissingNode() ? 0 : errorRate.asDouble(),
                    status.isMissingNode() ? 503 : status.asInt(),
                    latency.isMissingNode() ? 0 : latency.asLong(),
                    retryAfter.isMissingNode() || retryAfter.isNull() ? null : retryAfter.asInt());
            faults.set(s, fault);
            return ResponseEntity.ok(fault);
        });
    }

    @DeleteMapping("/faults")
    ResponseEntity<Object> clearFaults(@PathVariable String system, HttpServletRequest request) {
        return withSystem(system, request, s -> {
            faults.clear(s);
            return ResponseEntity.noContent().build();
        });
    }

    private static ResponseEntity<Object> withSystem(
            String system, HttpServletRequest request, Function<SandboxSystem, ResponseEntity<Object>> action) {
        return SandboxSystem.of(system)
                .map(action)
                .orElseGet(() -> SandboxHttp.error(
                        404,
                        "UNKNOWN_SYSTEM",
                        "No simulated system of that name",
                        Map.of("system", system, "known", List.of("sales", "erp", "esign")),
                        request));
    }

    private static ResponseEntity<Object> invalid(HttpServletRequest request, String field, String reason) {
        return SandboxHttp.error(
                400,
                "INVALID_FAULT",
                "The fault settings are not valid",
                Map.of("field", field, "reason", reason),
                request);
    }
}

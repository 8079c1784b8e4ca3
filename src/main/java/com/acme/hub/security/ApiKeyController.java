package com.acme.hub.security;

import com.acme.hub.observability.Correlation;
import com.acme.hub.platform.web.ApiError;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /v1/api-keys} (admin): make keys for people and tools, list them, revoke them. A new key's secret is in the
 * answer to its creation and nowhere else.
 */
@RestController
@RequestMapping("/v1/api-keys")
class ApiKeyController {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,128}");

    private final ApiKeys keys;
    private final AuditLog audit;
    private final TransactionTemplate transaction;

    ApiKeyController(ApiKeys keys, AuditLog audit, TransactionTemplate transaction) {
        this.keys = keys;
        this.audit = audit;
        this.transaction = transaction;
    }

    @GetMapping
    List<Map<String, Object>> list() {
        return keys.all().stream().map(ApiKeyController::view).toList();
    }

    /** {@code {"name":"ci-bot","role":"operator"}} → 201 with the key's {@code key}, shown this once. */
    @PostMapping
    ResponseEntity<Object> create(@RequestBody Map<String, Object> body, Principal actor, HttpServletRequest request) {
        Object name = body.get("name");
        if (!(name instanceof String text) || !NAME.matcher(text).matches()) {
            return invalid("name", "1 to 128 of letters, digits, '.', '_', '@' and '-'", request);
        }
        Optional<Role> role = body.get("role") instanceof String id ? Role.of(id) : Optional.empty();
        if (role.isEmpty()) {
            return invalid("role", "one of viewer, operator, admin", request);
        }
        Optional<ApiKeys.Issued> issued = transaction.execute(status -> {
            Optional<ApiKeys.Issued> made = keys.issue(text, role.get());
            made.ifPresent(key -> audit.record(
                    actor.getName(),
                    "api-key.create",
                    text,
                    "created",
                    Map.of("role", role.get().id())));
            return made;
        });
        if (issued.isEmpty()) {
            return ResponseEntity.status(409)
                    .body(ApiError.of(
                            "API_KEY_EXISTS",
                            "A key with this name exists",
                            Map.of("name", text),
                            Correlation.of(request)));
        }
        Map<String, Object> answer = view(issued.get().key());
        answer.put("key", issued.get().secret());
        return ResponseEntity.status(201).body(answer);
    }

    @DeleteMapping("/{name}")
    ResponseEntity<Object> revoke(@PathVariable String name, Principal actor, HttpServletRequest request) {
        Boolean revoked = transaction.execute(status -> {
            boolean done = keys.revoke(name);
            if (done) {
                audit.record(actor.getName(), "api-key.revoke", name, "revoked", Map.of());
            }
            return done;
        });
        if (!Boolean.TRUE.equals(revoked)) {
            return ResponseEntity.status(404)
                    .body(ApiError.of(
                            "API_KEY_NOT_FOUND",
                            "No live key with this name",
                            Map.of("name", name),
                            Correlation.of(request)));
        }
        return ResponseEntity.noContent().build();
    }

    private static ResponseEntity<Object> invalid(String field, String reason, HttpServletRequest request) {
        return ResponseEntity.badRequest()
                .body(ApiError.of(
                        "INVALID_API_KEY_REQUEST",
                        "The key request is not valid",
                        Map.of("field", field, "reason", reason),
                        Correlation.of(request)));
    }

    private static Map<String, Object> view(ApiKeys.ApiKey key) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", key.name());
        view.put("role", key.role().id());
        view.put("createdAt", key.createdAt().toString());
        view.put("revokedAt", key.revokedAt() == null ? null : key.revokedAt().toString());
        return view;
    }
}

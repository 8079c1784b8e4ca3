package com.acme.hub.webhook;

import com.acme.hub.observability.Correlation;
import com.acme.hub.platform.web.ApiError;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/events/{source}/{eventId}}: the receipt of one event, where it was stored, and the way it took:
 * the adapter steps it reached and the dead letters where it stopped.
 */
@RestController
class EventReceiptController {

    private final WebhookReceipts receipts;
    private final EventTrail trail;

    EventReceiptController(WebhookReceipts receipts, EventTrail trail) {
        this.receipts = receipts;
        this.trail = trail;
    }

    @GetMapping("/v1/events/{source}/{eventId}")
    ResponseEntity<Object> receipt(
            @PathVariable String source, @PathVariable String eventId, HttpServletRequest request) {
        return receipts.find(source, eventId)
                .<ResponseEntity<Object>>map(receipt -> ResponseEntity.ok(view(receipt)))
                .orElseGet(() -> ResponseEntity.status(404)
                        .body(ApiError.of(
                                "EVENT_NOT_FOUND",
                                "No event with that id was received from that source",
                                Map.of("source", source, "eventId", eventId),
                                Correlation.of(request))));
    }

    private Map<String, Object> view(WebhookReceipts.Receipt receipt) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("source", receipt.source());
        view.put("eventId", receipt.eventId());
        view.put("status", receipt.status());
        view.put("tenant", receipt.tenant());
        view.put("correlationId", receipt.correlationId());
        view.put("receivedAt", receipt.receivedAt().toString());
        view.put("topic", receipt.topic());
        view.put("partition", receipt.partition());
        view.put("offset", receipt.offset());
        view.put(
                "storedAt",
                receipt.storedAt() == null ? null : receipt.storedAt().toString());
        view.put("steps", trail.steps(receipt.eventId(), receipt.correlationId()));
        view.put("deadLetters", trail.deadLetters(receipt.eventId(), receipt.correlationId()));
        return view;
    }
}

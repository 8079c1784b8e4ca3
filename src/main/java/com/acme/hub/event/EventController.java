package com.acme.hub.event;

import jakarta.validation.Valid;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.KafkaException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /v1/events}: what came in (search over the receipts, newest first) and where one event went (its receipt,
 * the steps it and the events following from it took, its dead letters, and on request its body as Kafka holds it).
 */
@RestController
@RequestMapping("/v1/events")
class EventController {

    private final EventStore store;
    private final EventTrail trail;
    private final EventBodies bodies;
    private final EventReplay replay;

    EventController(EventStore store, EventTrail trail, EventBodies bodies, EventReplay replay) {
        this.store = store;
        this.trail = trail;
        this.bodies = bodies;
        this.replay = replay;
    }

    /** Starts a replay job; 202 with the job, which {@code GET /v1/jobs/{id}} follows. */
    @PostMapping("/replay")
    ResponseEntity<Map<String, Object>> replay(@Valid @RequestBody ReplayRequest request, Principal actor) {
        Job job = replay.start(request, actor.getName());
        return ResponseEntity.accepted()
                .location(URI.create("/v1/jobs/" + job.id()))
                .body(job.view());
    }

    /** Newest first; {@code nextCursor} is null on the last page. */
    @GetMapping
    Map<String, Object> search(@RequestParam Map<String, String> params) {
        EventQuery.Filter filter = EventQuery.filter(params);
        int limit = EventQuery.limit(params);
        // One more than asked tells whether there is a next page.
        List<EventStore.Receipt> found = store.search(filter, EventQuery.cursor(params), limit + 1);
        List<EventStore.Receipt> page = found.subList(0, Math.min(limit, found.size()));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("items", page.stream().map(EventController::summary).toList());
        EventStore.Receipt last = page.isEmpty() ? null : page.get(page.size() - 1);
        answer.put(
                "nextCursor",
                found.size() > limit ? EventQuery.cursorAfter(last.receivedAt(), last.source(), last.eventId()) : null);
        return answer;
    }

    @GetMapping("/{source}/{eventId}")
    Map<String, Object> detail(
            @PathVariable String source, @PathVariable String eventId, @RequestParam Map<String, String> params) {
        for (String name : params.keySet()) {
            if (!name.equals("include")) {
                throw EventApiException.invalid(name, "unknown parameter; known: include");
            }
        }
        String include = params.get("include");
        if (include != null && !include.equals("body")) {
            throw EventApiException.invalid("include", "only body");
        }
        EventStore.Receipt receipt = store.find(source, eventId)
                .orElseThrow(() -> new EventApiException(
                        404,
                        "EVENT_NOT_FOUND",
                        "No event with that id was received from that source",
                        Map.of("source", source, "eventId", eventId)));
        Map<String, Object> view = summary(receipt);
        view.put("storedAt", text(receipt.storedAt()));
        view.put("steps", trail.steps(receipt.eventId(), receipt.correlationId()));
        view.put("deadLetters", trail.deadLetters(receipt.eventId(), receipt.correlationId()));
        if (include != null) {
            Optional<byte[]> body = body(receipt);
            view.put("body", body.map(EventController::utf8).orElse(null));
            view.put("bodyBase64", body.map(Base64.getEncoder()::encodeToString).orElse(null));
            view.put("bodyAvailable", body.isPresent());
        }
        return view;
    }

    private Optional<byte[]> body(EventStore.Receipt receipt) {
        if (receipt.topic() == null || receipt.partition() == null || receipt.offset() == null) {
            return Optional.empty();
        }
        try {
            return bodies.read(receipt.topic(), receipt.partition(), receipt.offset());
        } catch (KafkaException | IllegalStateException e) {
            throw new EventApiException(
                    503,
                    "KAFKA_UNAVAILABLE",
                    "The event store did not answer; try again",
                    Map.of("topic", receipt.topic(), "reason", "no answer from Kafka"));
        }
    }

    static Map<String, Object> summary(EventStore.Receipt receipt) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("source", receipt.source());
        view.put("eventId", receipt.eventId());
        view.put("type", receipt.type());
        view.put("status", receipt.status());
        view.put("tenant", receipt.tenant());
        view.put("correlationId", receipt.correlationId());
        view.put("receivedAt", text(receipt.receivedAt()));
        view.put("topic", receipt.topic());
        view.put("partition", receipt.partition());
        view.put("offset", receipt.offset());
        return view;
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }
}

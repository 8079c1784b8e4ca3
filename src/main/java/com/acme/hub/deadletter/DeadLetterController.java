package com.acme.hub.deadletter;

import com.acme.hub.event.Job;
import com.acme.hub.observability.Correlation;
import com.acme.hub.platform.web.ApiError;
import com.acme.hub.security.AuditLog;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /v1/dead-letters}: what the adapters gave up on, for an operator to look at, replay or discard. Reading takes
 * any API key; replaying and discarding take operator (SecurityConfiguration), and each is written to the audit log.
 */
@RestController
@RequestMapping("/v1/dead-letters")
class DeadLetterController {

    static final int PAGE_DEFAULT = 50;
    static final int PAGE_MAX = 200;
    static final int BULK_DEFAULT = 100;
    static final int BULK_MAX = 1000;

    private final DeadLetterStore store;
    private final DeadLetterReplayer replayer;
    private final DeadLetterBulkReplay bulk;
    private final AuditLog audit;
    private final TransactionTemplate transaction;
    private final ObjectMapper mapper;
    private final Clock clock = Clock.systemUTC();

    DeadLetterController(
            DeadLetterStore store,
            DeadLetterReplayer replayer,
            DeadLetterBulkReplay bulk,
            AuditLog audit,
            TransactionTemplate transaction,
            ObjectMapper mapper) {
        this.store = store;
        this.replayer = replayer;
        this.bulk = bulk;
        this.audit = audit;
        this.transaction = transaction;
        this.mapper = mapper;
    }

    /** Newest first; {@code nextCursor} is null on the last page. */
    @GetMapping
    Map<String, Object> list(@RequestParam Map<String, String> params) {
        DeadLetterStore.Filter filter = DeadLetterQuery.filter(params, Set.of(DeadLetterQuery.CURSOR));
        int limit = DeadLetterQuery.limit(params, PAGE_DEFAULT, PAGE_MAX);
        // One more than asked tells whether there is a next page.
        List<DeadLetterStore.Letter> found = store.list(filter, DeadLetterQuery.cursor(params), limit + 1, false);
        List<DeadLetterStore.Letter> page = found.subList(0, Math.min(limit, found.size()));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("items", page.stream().map(DeadLetterController::summary).toList());
        answer.put("nextCursor", found.size() > limit ? DeadLetterQuery.cursorAfter(page.get(page.size() - 1)) : null);
        return answer;
    }

    @GetMapping("/{id}")
    Map<String, Object> get(@PathVariable String id) {
        return detail(store.find(id).orElseThrow(() -> notFound(id)));
    }

    /** Discards a pending letter: it is kept, with status {@code discarded}, for the record. */
    @DeleteMapping("/{id}")
    Map<String, Object> discard(@PathVariable String id, Principal actor) {
        Boolean discarded = transaction.execute(status -> {
            if (!store.discard(id, actor.getName(), clock.instant())) {
                return false;
            }
            DeadLetterStore.Letter letter = store.find(id).orElseThrow();
            audit.record(
                    actor.getName(),
                    "dead-letter.discard",
                    id,
                    DeadLetterStore.DISCARDED,
                    Map.of(
                            "adapterId", letter.content().adapterId(),
                            "step", letter.content().step(),
                            "errorType", letter.content().errorType()));
            return true;
        });
        DeadLetterStore.Letter letter = store.find(id).orElseThrow(() -> notFound(id));
        if (!Boolean.TRUE.equals(discarded)) {
            throw notPending(letter);
        }
        return summary(letter);
    }

    /**
     * Sends the letter back into its step and answers when the step is done: 200 with the replayed letter, or 502 if
     * the step failed again (the letter is pending again, with the new error).
     */
    @PostMapping("/{id}/replay")
    ResponseEntity<Object> replay(@PathVariable String id, Principal actor, HttpServletRequest request) {
        DeadLetterReplayer.Result result = replayer.replay(id, actor.getName());
        return switch (result.kind()) {
            case REPLAYED -> ResponseEntity.ok(summary(result.letter().orElseThrow()));
            case FAILED -> {
                DeadLetterStore.Letter letter = result.letter().orElseThrow();
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("id", id);
                details.put("status", letter.status());
                details.put("errorType", letter.content().errorType());
                details.put("attempts", letter.content().attempts());
                details.put("replayOutcome", letter.replayOutcome());
                yield error(502, "REPLAY_FAILED", "The step failed again; the letter is pending", details, request);
            }
            case NOT_FOUND -> throw notFound(id);
            case NOT_PENDING -> throw notPending(result.letter().orElseThrow(() -> notFound(id)));
            case STEP_UNAVAILABLE -> throw new DeadLetterApiException(
                    409,
                    "STEP_UNAVAILABLE",
                    "The step this letter failed in does not run in this hub",
                    Map.of(
                            "id",
                            id,
                            "step",
                            result.letter().orElseThrow().content().step()));
            case CIRCUIT_OPEN -> ResponseEntity.status(503)
                    .header(
                            HttpHeaders.RETRY_AFTER,
                            String.valueOf(Math.max(1, result.retryAfter().toSeconds())))
                    .body(ApiError.of(
                            "CIRCUIT_OPEN",
                            "The adapter's circuit is open; nothing was sent and the letter is still pending",
                            Map.of(
                                    "id",
                                    id,
                                    "adapterId",
                                    result.letter().orElseThrow().content().adapterId()),
                            Correlation.of(request)));
        };
    }

    /**
     * Starts a job that replays the pending letters the filter selects (query parameters as for the listing), oldest
     * first, up to {@code limit}: 202 with the job, which {@code GET /v1/jobs/{id}} follows and {@code DELETE} cancels.
     */
    @PostMapping("/replay")
    ResponseEntity<Map<String, Object>> replayAll(@RequestParam Map<String, String> params, Principal actor) {
        DeadLetterStore.Filter filter = DeadLetterQuery.filter(params, Set.of());
        if (filter.status() != null && !DeadLetterStore.PENDING.equals(filter.status())) {
            throw DeadLetterQuery.invalid(DeadLetterQuery.STATUS, "only pending letters are replayed");
        }
        int limit = DeadLetterQuery.limit(params, BULK_DEFAULT, BULK_MAX);
        String target = "dead-letters?"
                + new TreeMap<>(params)
                        .entrySet().stream()
                                .map(entry -> entry.getKey() + "=" + entry.getValue())
                                .collect(Collectors.joining("&"));
        Job job = bulk.start(filter, limit, actor.getName(), target);
        return ResponseEntity.accepted()
                .location(URI.create("/v1/jobs/" + job.id()))
                .body(job.view());
    }

    @ExceptionHandler(DeadLetterApiException.class)
    ResponseEntity<Object> refused(DeadLetterApiException e, HttpServletRequest request) {
        return error(e.status(), e.code(), e.getMessage(), e.details(), request);
    }

    private static ResponseEntity<Object> error(
            int status, String code, String message, Map<String, Object> details, HttpServletRequest request) {
        return ResponseEntity.status(status).body(ApiError.of(code, message, details, Correlation.of(request)));
    }

    private static DeadLetterApiException notFound(String id) {
        return new DeadLetterApiException(
                404, "DEAD_LETTER_NOT_FOUND", "No dead letter with this id", Map.of("id", id));
    }

    private static DeadLetterApiException notPending(DeadLetterStore.Letter letter) {
        return new DeadLetterApiException(
                409,
                "DEAD_LETTER_NOT_PENDING",
                "Only a pending letter can be replayed or discarded; this one is " + letter.status(),
                Map.of("id", letter.id(), "status", letter.status()));
    }

    static Map<String, Object> summary(DeadLetterStore.Letter letter) {
        DeadLetterStore.DeadLetter content = letter.content();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", content.id());
        view.put("adapterId", content.adapterId());
        view.put("routeId", content.routeId());
        view.put("step", content.step());
        view.put("eventId", content.eventId());
        view.put("idempotencyKey", content.idempotencyKey());
        view.put("correlationId", content.correlationId());
        view.put("errorType", content.errorType());
        view.put("errorMessage", content.errorMessage());
        view.put("attempts", content.attempts());
        view.put("firstAttempt", text(content.firstAttempt()));
        view.put("lastAttempt", text(content.lastAttempt()));
        view.put("status", letter.status());
        view.put("createdAt", text(letter.createdAt()));
        view.put("replayedAt", text(letter.replayedAt()));
        view.put("replayOutcome", letter.replayOutcome());
        view.put("actedBy", letter.actedBy());
        view.put("actedAt", text(letter.actedAt()));
        return view;
    }

    /** The summary and the message: headers as an object, the body as text when it is UTF-8, and always in Base64. */
    private Map<String, Object> detail(DeadLetterStore.Letter letter) {
        Map<String, Object> view = summary(letter);
        byte[] body =
                letter.content().body() == null ? new byte[0] : letter.content().body();
        try {
            view.put("headers", mapper.readTree(letter.content().headers()));
        } catch (JsonProcessingException e) {
            view.put("headers", null);
        }
        view.put("body", utf8(body));
        view.put("bodyBase64", Base64.getEncoder().encodeToString(body));
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

package io.sherpa.moderation.queue;

import io.sherpa.common.events.CommentDecided;
import io.sherpa.common.events.Decision;
import io.sherpa.common.events.ReasonCode;
import io.sherpa.common.sites.SiteRegistry;
import io.sherpa.common.web.ApiException;
import io.sherpa.moderation.ModerationProperties;
import io.sherpa.moderation.pipeline.ModerationStore;
import io.sherpa.moderation.web.Caller;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@code /api/v1/queue} (paged and live) and {@code POST /api/v1/comments/{id}/decision}. */
@RestController
public class QueueController {

    private final ModerationStore store;
    private final ModeratorDecisions decisions;
    private final QueueEvents events;
    private final QueueCards cards;
    private final SiteRegistry sites;
    private final int pageSize;
    private final Clock clock = Clock.systemUTC();

    public QueueController(
            ModerationStore store,
            ModeratorDecisions decisions,
            QueueEvents events,
            QueueCards cards,
            SiteRegistry sites,
            ModerationProperties settings) {
        this.store = store;
        this.decisions = decisions;
        this.events = events;
        this.cards = cards;
        this.sites = sites;
        this.pageSize = settings.queuePageSize();
    }

    public record DecisionRequest(String decision, String note) {}

    @GetMapping(path = "/api/v1/queue", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Map<String, Object>> queue(
            Principal principal,
            @RequestParam(defaultValue = "HELD") String status,
            @RequestParam(required = false) String cursor,
            @RequestParam(required = false) String site,
            @RequestParam(required = false) String reason,
            @RequestParam(required = false) Integer limit) {
        Caller caller = Caller.of(principal);
        Decision wanted = parseDecision(status, "status");
        String reasonCode = reason == null || reason.isBlank() ? null : parseReason(reason);
        ModerationStore.QueueCursor after = cursor == null || cursor.isBlank() ? null : decodeCursor(cursor);
        int size = limit == null ? pageSize : Math.max(1, Math.min(limit, pageSize * 4));
        Set<String> scope = caller.sites(site, knownSites());
        Instant now = clock.instant();
        return store.queue(scope, wanted, reasonCode, after, size)
                .collectList()
                .flatMap(comments -> cards.cards(comments, now))
                .map(items -> {
                    Map<String, Object> page = new LinkedHashMap<>();
                    page.put("items", items);
                    page.put("nextCursor", items.size() < size ? null : encodeCursor(items.get(items.size() - 1)));
                    return page;
                });
    }

    /**
     * The author action: rejects every comment of {@code authorId} on {@code site} that waits in the queue,
     * each one through the same decision (and event, audit entry and metrics) as a single reject.
     */
    @PostMapping(
            path = "/api/v1/queue/authors/{authorId}/reject",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Map<String, Object>> rejectAllHeldFrom(
            Principal principal,
            @PathVariable String authorId,
            @RequestParam String site,
            @RequestBody(required = false) DecisionRequest request) {
        Caller caller = Caller.of(principal);
        if (!caller.mayAccess(site)) {
            throw ApiException.notFound("No site " + site + " among yours");
        }
        String note = request == null ? null : checkedNote(request.note());
        return store.heldByAuthor(site, authorId, 1000)
                .concatMap(c -> decisions
                        .decide(
                                c.submitted().commentId().asString(),
                                Decision.REJECTED,
                                note,
                                caller.asModerator().orElseThrow())
                        .map(d -> d.commentId().asString())
                        .onErrorResume(ApiException.class, e -> Mono.empty()))
                .collectList()
                .map(ids -> {
                    Map<String, Object> result = new LinkedHashMap<>();
                    result.put("authorId", authorId);
                    result.put("siteId", site);
                    result.put("rejected", ids);
                    return result;
                });
    }

    @GetMapping(path = "/api/v1/queue/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public Flux<ServerSentEvent<QueueEvent>> stream(Principal principal) {
        Caller caller = Caller.of(principal);
        Flux<ServerSentEvent<QueueEvent>> changes = events.events()
                .filter(e -> caller.mayAccess(e.siteId()))
                .map(e -> ServerSentEvent.builder(e)
                        .id(e.commentId() + ":" + e.sequence())
                        .event(e.type())
                        .build());
        Flux<ServerSentEvent<QueueEvent>> heartbeats = Flux.interval(Duration.ofSeconds(15))
                .map(i -> ServerSentEvent.<QueueEvent>builder()
                        .comment("keep-alive")
                        .build());
        return Flux.merge(
                Flux.just(ServerSentEvent.<QueueEvent>builder()
                        .comment("connected")
                        .retry(Duration.ofSeconds(2))
                        .build()),
                changes,
                heartbeats);
    }

    @PostMapping(
            path = "/api/v1/comments/{id}/decision",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Map<String, Object>> decide(
            Principal principal, @PathVariable String id, @RequestBody DecisionRequest request) {
        Caller caller = Caller.of(principal);
        Decision decision = parseDecision(request.decision(), "decision");
        String note = checkedNote(request.note());
        return decisions
                .decide(id, decision, note, caller.asModerator().orElseThrow())
                .map(QueueController::view);
    }

    private static String checkedNote(String raw) {
        String note = raw == null || raw.isBlank() ? null : raw.strip();
        if (note != null && note.length() > 2000) {
            throw ApiException.invalid(List.of(new ApiException.FieldError("note", "at most 2000 characters")));
        }
        return note;
    }

    private static String parseReason(String value) {
        try {
            return ReasonCode.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT))
                    .name();
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(List.of(new ApiException.FieldError("reason", "is not a reason code")));
        }
    }

    private Set<String> knownSites() {
        return sites.all().stream().map(s -> s.siteId().value()).collect(Collectors.toSet());
    }

    private static Map<String, Object> view(CommentDecided d) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", d.commentId().asString());
        view.put("decision", d.decision().name());
        view.put("source", d.source().name());
        view.put("sequence", d.sequence());
        view.put("moderatorId", d.moderatorId());
        view.put("decidedAt", d.decidedAt());
        return view;
    }

    private static Decision parseDecision(String value, String field) {
        try {
            return Decision.valueOf(value == null ? "" : value.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(
                    List.of(new ApiException.FieldError(field, "must be one of APPROVED, HELD, REJECTED")));
        }
    }

    static String encodeCursor(QueueItem last) {
        String raw = last.receivedAt().toEpochMilli() + ":" + last.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static ModerationStore.QueueCursor decodeCursor(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int colon = raw.indexOf(':');
            return new ModerationStore.QueueCursor(
                    Instant.ofEpochMilli(Long.parseLong(raw.substring(0, colon))), raw.substring(colon + 1));
        } catch (RuntimeException e) {
            throw ApiException.invalid(
                    List.of(new ApiException.FieldError("cursor", "is not a cursor this API gave out")));
        }
    }
}

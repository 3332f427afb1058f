package io.sherpa.notification.web;

import io.sherpa.common.sites.AuthenticatedSite;
import io.sherpa.common.web.ApiException;
import io.sherpa.common.web.SiteKeyFilter;
import io.sherpa.notification.inbox.InboxEvents;
import io.sherpa.notification.inbox.Notification;
import io.sherpa.notification.inbox.NotificationStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@code /api/v1/users/{userId}/notifications}: a user's (or mentor's) inbox on the calling site. */
@RestController
public class InboxController {

    private final NotificationStore store;
    private final InboxEvents events;

    public InboxController(NotificationStore store, InboxEvents events) {
        this.store = store;
        this.events = events;
    }

    @GetMapping(path = "/api/v1/users/{userId}/notifications", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Map<String, Object>> inbox(
            @RequestAttribute(SiteKeyFilter.SITE) AuthenticatedSite site,
            @PathVariable String userId,
            @RequestParam(defaultValue = "false") boolean unread,
            @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "50") int limit) {
        int size = Math.max(1, Math.min(limit, 200));
        String[] after = cursor == null || cursor.isBlank() ? null : decode(cursor);
        return store.inbox(
                        site.siteId().value(),
                        userId,
                        unread,
                        after == null ? null : Instant.ofEpochMilli(Long.parseLong(after[0])),
                        after == null ? null : after[1],
                        size)
                .collectList()
                .map(items -> {
                    Map<String, Object> page = new LinkedHashMap<>();
                    page.put("items", items);
                    page.put("nextCursor", items.size() < size ? null : encode(items.get(items.size() - 1)));
                    return page;
                });
    }

    @PostMapping(path = "/api/v1/users/{userId}/notifications/{id}/read")
    public Mono<ResponseEntity<Void>> markRead(
            @RequestAttribute(SiteKeyFilter.SITE) AuthenticatedSite site,
            @PathVariable String userId,
            @PathVariable String id) {
        return store.markRead(site.siteId().value(), userId, id).map(ok -> {
            if (!ok) {
                throw ApiException.notFound("No notification " + id + " for " + userId);
            }
            return ResponseEntity.noContent().build();
        });
    }

    @GetMapping(path = "/api/v1/users/{userId}/notifications/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public Flux<ServerSentEvent<Notification>> stream(
            @RequestAttribute(SiteKeyFilter.SITE) AuthenticatedSite site, @PathVariable String userId) {
        Flux<ServerSentEvent<Notification>> items = events.events()
                .filter(e -> e.siteId().equals(site.siteId().value())
                        && e.recipientId().equals(userId))
                .map(e -> ServerSentEvent.builder(e.notification())
                        .id(e.notification().id())
                        .event("notification")
                        .build());
        Flux<ServerSentEvent<Notification>> heartbeats = Flux.interval(Duration.ofSeconds(15))
                .map(i -> ServerSentEvent.<Notification>builder()
                        .comment("keep-alive")
                        .build());
        return Flux.merge(
                Flux.just(ServerSentEvent.<Notification>builder()
                        .comment("connected")
                        .build()),
                items,
                heartbeats);
    }

    @GetMapping(path = "/api/v1/dead-letters", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<List<Map<String, Object>>> deadLetters(@RequestAttribute(SiteKeyFilter.SITE) AuthenticatedSite site) {
        return store.deadLetters(site.siteId().value())
                .map(d -> {
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("notificationId", d.getString("notificationId"));
                    item.put("channel", d.getString("channel"));
                    item.put("recipientId", d.getString("recipientId"));
                    item.put("attempts", d.get("attempts"));
                    item.put("lastError", d.getString("lastError"));
                    item.put("deadAt", d.getDate("deadAt").toInstant());
                    return item;
                })
                .collectList();
    }

    private static String encode(Notification last) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((last.createdAt().toEpochMilli() + ":" + last.id()).getBytes(StandardCharsets.UTF_8));
    }

    private static String[] decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = raw.split(":", 2);
            Long.parseLong(parts[0]);
            if (parts.length != 2) {
                throw new IllegalArgumentException();
            }
            return parts;
        } catch (RuntimeException e) {
            throw ApiException.invalid(
                    List.of(new ApiException.FieldError("cursor", "is not a cursor this API gave out")));
        }
    }
}

package io.sherpa.moderation.dashboard;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.sherpa.common.sites.SiteRegistry;
import io.sherpa.common.web.ApiException;
import io.sherpa.moderation.ModerationProperties;
import io.sherpa.moderation.pipeline.ModerationStore;
import io.sherpa.moderation.web.Caller;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What the dashboard reads besides the queue: {@code GET /api/v1/me} (who is signed in, their sites and
 * the session's CSRF token), {@code GET /api/v1/audit} (moderators' decisions, newest first) and
 * {@code GET /api/v1/overview} (decision rates and the last day's decisions and overrides, counted in
 * MongoDB by every replica; queue depth and age, the gauges computed from the store). Each answers only about the caller's sites.
 */
@RestController
class DashboardApi {

    private static final Logger log = LoggerFactory.getLogger(DashboardApi.class);
    private final SiteRegistry sites;
    private final MeterRegistry meters;
    private final DecisionRates rates;
    private final ModerationStore store;
    private final MongoCollection<Document> audit;

    DashboardApi(
            SiteRegistry sites,
            MeterRegistry meters,
            DecisionRates rates,
            ModerationStore store,
            MongoClient mongo,
            ModerationProperties settings) {
        this.sites = sites;
        this.meters = meters;
        this.rates = rates;
        this.store = store;
        this.audit = mongo.getDatabase(settings.database()).getCollection("audit");
    }

    @EventListener(ApplicationReadyEvent.class)
    void createAuditIndex() {
        try {
            Mono.from(audit.createIndex(
                            Indexes.descending("siteId", "at", "_id"), new IndexOptions().name("site_newest")))
                    .block(Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            log.error("Could not create the audit index (will retry on next start): {}", e.toString());
        }
    }

    @GetMapping(path = "/api/v1/me", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<Map<String, Object>> me(Principal principal, ServerWebExchange exchange) {
        Caller caller = Caller.of(principal);
        var moderator = caller.asModerator().orElseThrow();
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("username", moderator.username());
        me.put("admin", moderator.admin());
        me.put("sites", new TreeSet<>(caller.sites(null, knownSites())));
        Mono<CsrfToken> token = exchange.getAttribute(CsrfToken.class.getName());
        return (token == null ? Mono.<CsrfToken>empty() : token)
                .map(t -> {
                    me.put("csrf", Map.of("headerName", t.getHeaderName(), "token", t.getToken()));
                    return me;
                })
                .defaultIfEmpty(me);
    }

    @GetMapping(path = "/api/v1/audit", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<Map<String, Object>> audit(
            Principal principal,
            @RequestParam(required = false) String site,
            @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        Caller caller = Caller.of(principal);
        Set<String> scope = caller.sites(blankToNull(site), knownSites());
        int size = limit == null ? 50 : Math.max(1, Math.min(limit, 200));
        Bson filter = Filters.in("siteId", scope);
        if (cursor != null && !cursor.isBlank()) {
            String[] after = decode(cursor);
            Date at = new Date(Long.parseLong(after[0]));
            ObjectId id = new ObjectId(after[1]);
            filter = Filters.and(
                    filter, Filters.or(Filters.lt("at", at), Filters.and(Filters.eq("at", at), Filters.lt("_id", id))));
        }
        return Flux.from(audit.find(filter).sort(Sorts.descending("at", "_id")).limit(size))
                .concatMap(entry -> store.findComment(entry.getString("commentId"))
                        .map(c -> entryView(
                                entry,
                                c.submitted().author().id(),
                                c.submitted().author().name(),
                                c.submitted().text()))
                        .defaultIfEmpty(entryView(entry, null, null, null)))
                .collectList()
                .map(entries -> {
                    Map<String, Object> page = new LinkedHashMap<>();
                    page.put("items", entries);
                    page.put(
                            "nextCursor",
                            entries.size() < size
                                    ? null
                                    : (String) entries.get(entries.size() - 1).get("cursor"));
                    return page;
                });
    }

    @GetMapping(path = "/api/v1/overview", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<Map<String, Object>> overview(
            Principal principal,
            @RequestParam(required = false) String site,
            @RequestParam(defaultValue = "30") int minutes) {
        Caller caller = Caller.of(principal);
        Set<String> scope = caller.sites(blankToNull(site), knownSites());
        return rates.read(scope, Math.max(5, Math.min(minutes, 60))).map(counted -> {
            Map<String, Object> overview = new LinkedHashMap<>();
            overview.put("sites", new TreeSet<>(scope));
            overview.put("decisionsPerMinute", counted.get("decisionsPerMinute"));
            overview.put("countedSince", counted.get("countedSince"));
            overview.put("decisions", counted.get("decisions"));
            Map<String, Map<String, Object>> queues = new java.util.TreeMap<>();
            for (String s : scope) {
                Map<String, Object> q = new LinkedHashMap<>();
                q.put("site", s);
                q.put("depth", gauge("sherpa.moderation.queue.depth", s));
                q.put("oldestAgeSeconds", gauge("sherpa.moderation.queue.oldest.age", s));
                queues.put(s, q);
            }
            overview.put("queues", List.copyOf(queues.values()));
            overview.put("overrides", counted.get("overrides"));
            return overview;
        });
    }

    private long gauge(String name, String site) {
        Gauge gauge = meters.find(name).tag("site", site).gauge();
        return gauge == null ? 0 : Math.round(gauge.value());
    }

    private static Map<String, Object> entryView(Document entry, String authorId, String authorName, String text) {
        Map<String, Object> view = new LinkedHashMap<>();
        Date at = entry.getDate("at");
        view.put("at", at.toInstant());
        view.put("moderator", entry.getString("moderator"));
        view.put("siteId", entry.getString("siteId"));
        view.put("commentId", entry.getString("commentId"));
        view.put("from", entry.getString("from"));
        view.put("to", entry.getString("to"));
        view.put("sequence", entry.get("sequence"));
        view.put("note", entry.getString("note"));
        view.put("authorId", authorId);
        view.put("authorName", authorName);
        view.put("excerpt", text == null ? null : text.length() > 140 ? text.substring(0, 140) + "…" : text);
        view.put("cursor", encode(at.getTime() + ":" + entry.getObjectId("_id").toHexString()));
        return view;
    }

    private Set<String> knownSites() {
        return sites.all().stream().map(s -> s.siteId().value()).collect(Collectors.toSet());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String encode(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static String[] decode(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":", 2);
            Long.parseLong(parts[0]);
            if (!ObjectId.isValid(parts[1])) {
                throw new IllegalArgumentException("not an id");
            }
            return parts;
        } catch (RuntimeException e) {
            throw ApiException.invalid(
                    List.of(new ApiException.FieldError("cursor", "is not a cursor this API gave out")));
        }
    }
}

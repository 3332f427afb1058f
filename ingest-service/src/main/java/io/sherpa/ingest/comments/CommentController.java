package io.sherpa.ingest.comments;

import io.sherpa.common.ids.CommentId;
import io.sherpa.common.ids.SiteId;
import io.sherpa.common.sites.AuthenticatedSite;
import io.sherpa.common.web.ApiException;
import io.sherpa.common.web.Problems;
import io.sherpa.ingest.IngestProperties;
import io.sherpa.ingest.web.ApiAuthenticationFilter;
import io.sherpa.ingest.web.RateLimiter;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@code /api/v1/comments}: submit one comment, a batch, and read a comment's status (DESIGN §4). */
@RestController
public class CommentController {

    private final CommentIntake intake;
    private final CommentStore store;
    private final StorageCalls storage;
    private final RateLimiter rateLimiter;
    private final IntakeMetrics metrics;
    private final int maxBatchSize;
    private final IntakeAdmission admission;

    public CommentController(
            CommentIntake intake,
            CommentStore store,
            StorageCalls storage,
            RateLimiter rateLimiter,
            IngestProperties settings,
            io.micrometer.core.instrument.MeterRegistry meters) {
        this.intake = intake;
        this.store = store;
        this.storage = storage;
        this.rateLimiter = rateLimiter;
        this.metrics = new IntakeMetrics(meters);
        this.maxBatchSize = settings.maxBatchSize();
        this.admission = new IntakeAdmission(
                settings.maxInFlight(), settings.overloadRetryAfter().toSeconds(), meters);
    }

    /** The answer to a submitted comment: its id, status and where to read it. */
    public record Submission(String id, String status, String statusUrl) {}

    @PostMapping(
            path = "/api/v1/comments",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Submission>> submit(
            @RequestAttribute(ApiAuthenticationFilter.SITE) AuthenticatedSite site,
            @RequestBody CommentRequest request) {
        limit(site.siteId(), 1);
        admit(site.siteId(), 1);
        return intake.submit(site.siteId(), request, "")
                .map(CommentController::toResponse)
                .doFinally(signal -> admission.release());
    }

    /** One result per submitted item, in order; the whole request is {@code 207 Multi-Status}. */
    @PostMapping(
            path = "/api/v1/comments:batch",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Map<String, Object>>> submitBatch(
            @RequestAttribute(ApiAuthenticationFilter.SITE) AuthenticatedSite site, @RequestBody BatchRequest batch) {
        List<CommentRequest> comments = batch.comments();
        if (comments == null || comments.isEmpty()) {
            throw ApiException.invalid(
                    List.of(new ApiException.FieldError("comments", "must hold at least one comment")));
        }
        if (comments.size() > maxBatchSize) {
            throw ApiException.invalid(List.of(new ApiException.FieldError(
                    "comments", "holds " + comments.size() + " comments; at most " + maxBatchSize + " per batch")));
        }
        limit(site.siteId(), comments.size());
        admit(site.siteId(), comments.size());
        // Once Kafka or MongoDB is found unavailable, the items not yet tried are answered 503 at once: each would
        // wait out its own timeout, and a batch of 500 would outlive the caller's patience by a minute.
        AtomicReference<ApiException> outage = new AtomicReference<>();
        List<Mono<Map<String, Object>>> items = new ArrayList<>(comments.size());
        for (int i = 0; i < comments.size(); i++) {
            int index = i;
            CommentRequest comment = comments.get(i);
            items.add(Mono.defer(() -> {
                ApiException earlier = outage.get();
                if (earlier != null) {
                    metrics.increment(site.siteId(), "unavailable", 1);
                    return Mono.just(itemProblem(index, notTried(earlier)));
                }
                return intake.submit(site.siteId(), comment, "comments[" + index + "].")
                        .map(result -> itemResult(index, toResponse(result)))
                        .onErrorResume(ApiException.class, e -> {
                            if (e.status() == HttpStatus.SERVICE_UNAVAILABLE) {
                                outage.compareAndSet(null, e);
                            }
                            return Mono.just(itemProblem(index, e));
                        });
            }));
        }
        return Flux.mergeSequential(items, 32, 1)
                .collectList()
                .map(results -> {
                    long accepted = results.stream()
                            .filter(r -> ((Integer) r.get("status")) < 300)
                            .count();
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("accepted", accepted);
                    body.put("failed", results.size() - accepted);
                    body.put("results", results);
                    return ResponseEntity.status(HttpStatus.MULTI_STATUS).body(body);
                })
                .doFinally(signal -> admission.release());
    }

    @GetMapping(path = "/api/v1/comments/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Map<String, Object>> status(
            @RequestAttribute(ApiAuthenticationFilter.SITE) AuthenticatedSite site, @PathVariable String id) {
        CommentId commentId = CommentId.tryParse(id).orElseThrow(() -> notFound(id));
        return storage.bounded(store.find(commentId), "Storage is unavailable; try again")
                .filter(c -> c.siteId().equals(site.siteId().value()) && c.accepted())
                .switchIfEmpty(Mono.error(() -> notFound(id)))
                .map(CommentController::statusView);
    }

    private void admit(SiteId site, int comments) {
        try {
            admission.admit();
        } catch (ApiException e) {
            metrics.increment(site, "overloaded", comments);
            throw e;
        }
    }

    private void limit(SiteId site, int comments) {
        try {
            rateLimiter.acquire(site, comments);
        } catch (ApiException e) {
            metrics.increment(site, "rate_limited", comments);
            throw e;
        }
    }

    private static ApiException notFound(String id) {
        return ApiException.notFound("No comment " + id + " on this site");
    }

    private static ResponseEntity<Submission> toResponse(IntakeResult result) {
        String id = result.id().asString();
        String statusUrl = "/api/v1/comments/" + id;
        if (result instanceof IntakeResult.Replayed replayed) {
            return ResponseEntity.ok(new Submission(id, replayed.status(), statusUrl));
        }
        return ResponseEntity.accepted().location(URI.create(statusUrl)).body(new Submission(id, "PENDING", statusUrl));
    }

    private static Map<String, Object> itemResult(int index, ResponseEntity<Submission> response) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("index", index);
        item.put("status", response.getStatusCode().value());
        item.put("id", response.getBody().id());
        item.put("commentStatus", response.getBody().status());
        item.put("statusUrl", response.getBody().statusUrl());
        return item;
    }

    private static ApiException notTried(ApiException outage) {
        return new ApiException(
                outage.status(),
                "unavailable",
                outage.title(),
                "Not tried: an earlier comment of this batch found the service unavailable; nothing was stored",
                outage.headers(),
                List.of());
    }

    private static Map<String, Object> itemProblem(int index, ApiException e) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("index", index);
        item.put("status", e.status().value());
        item.put("problem", Problems.detail(e));
        return item;
    }

    private static Map<String, Object> statusView(StoredComment comment) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", comment.id());
        view.put("externalId", comment.externalId());
        view.put("status", comment.publicStatus());
        if (comment.decision() != null) {
            view.put("decision", comment.decision());
        }
        return view;
    }
}

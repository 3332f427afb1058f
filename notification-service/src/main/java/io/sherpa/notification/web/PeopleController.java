package io.sherpa.notification.web;

import io.sherpa.common.sites.AuthenticatedSite;
import io.sherpa.common.web.ApiException;
import io.sherpa.common.web.SiteKeyFilter;
import io.sherpa.notification.NotificationProperties;
import io.sherpa.notification.delivery.WebhookSignature;
import io.sherpa.notification.delivery.WebhookUrls;
import io.sherpa.notification.people.PeopleStore;
import io.sherpa.notification.people.Preferences;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Mentors of a site, users' preferences, and the unsubscribe link of e-mails. */
@RestController
public class PeopleController {

    private static final Set<String> CHANNELS = Set.of("inbox", "email", "webhook");
    private static final Set<String> DIGESTS = Set.of("immediate", "hourly", "daily");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PeopleStore people;
    private final boolean allowPrivateWebhooks;

    public PeopleController(PeopleStore people, NotificationProperties settings) {
        this.people = people;
        this.allowPrivateWebhooks = settings.allowPrivateWebhooks();
    }

    public record MentorRequest(
            String name,
            String email,
            String webhookUrl,
            List<String> posts,
            List<String> topics,
            Boolean rotateWebhookSecret) {}

    public record PreferencesRequest(
            List<String> channels,
            String email,
            String webhookUrl,
            String digest,
            List<String> mutedPosts,
            Boolean rotateWebhookSecret) {}

    @PutMapping(
            path = "/api/v1/mentors/{mentorId}",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Map<String, Object>> putMentor(
            @RequestAttribute(SiteKeyFilter.SITE) AuthenticatedSite site,
            @PathVariable String mentorId,
            @RequestBody MentorRequest r) {
        String siteId = site.siteId().value();
        List<ApiException.FieldError> errors = new ArrayList<>();
        checkId(mentorId, "mentorId", errors);
        if (r.name() == null || r.name().isBlank() || r.name().length() > 200) {
            errors.add(new ApiException.FieldError("name", "is required, at most 200 characters"));
        }
        checkEmail(r.email(), errors);
        checkEntries(r.posts(), "posts", "post ids", errors);
        checkEntries(r.topics(), "topics", "topics", errors);
        return checkWebhook(r.webhookUrl(), errors).then(Mono.defer(() -> {
            if (!errors.isEmpty()) {
                return Mono.error(ApiException.invalid(errors));
            }
            return people.findMentor(siteId, mentorId)
                    .map(java.util.Optional::of)
                    .defaultIfEmpty(java.util.Optional.empty())
                    .flatMap(existing -> {
                        String secret = existing.map(PeopleStore.MentorRecord::webhookSecret)
                                .orElse(null);
                        boolean issue = r.webhookUrl() != null
                                && (secret == null || Boolean.TRUE.equals(r.rotateWebhookSecret()));
                        String next = issue ? WebhookSignature.newSecret() : secret;
                        PeopleStore.MentorRecord mentor = new PeopleStore.MentorRecord(
                                siteId,
                                mentorId,
                                r.name().strip(),
                                r.email(),
                                r.webhookUrl(),
                                next,
                                r.posts() == null ? List.of() : r.posts(),
                                r.topics() == null ? List.of() : r.topics());
                        return people.saveMentor(mentor).map(saved -> {
                            Map<String, Object> view = new LinkedHashMap<>();
                            view.put("mentorId", mentorId);
                            view.put("name", saved.name());
                            view.put("email", saved.email());
                            view.put("webhookUrl", saved.webhookUrl());
                            view.put("posts", saved.posts());
                            view.put("topics", saved.topics());
                            if (issue) {
                                view.put("webhookSecret", next);
                            }
                            return view;
                        });
                    });
        }));
    }

    @GetMapping(path = "/api/v1/mentors", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<List<Map<String, Object>>> mentors(@RequestAttribute(SiteKeyFilter.SITE) AuthenticatedSite site) {
        return people.mentorsOf(site.siteId().value())
                .map(m -> {
                    Map<String, Object> view = new LinkedHashMap<>();
                    view.put("mentorId", m.mentorId());
                    view.put("name", m.name());
                    view.put("posts", m.posts());
                    view.put("topics", m.topics());
                    return view;
                })
                .collectList();
    }

    @PutMapping(
            path = "/api/v1/users/{userId}/preferences",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Map<String, Object>> putPreferences(
            @RequestAttribute(SiteKeyFilter.SITE) AuthenticatedSite site,
            @PathVariable String userId,
            @RequestBody PreferencesRequest r) {
        String siteId = site.siteId().value();
        List<ApiException.FieldError> errors = new ArrayList<>();
        checkId(userId, "userId", errors);
        List<String> channels = new ArrayList<>(r.channels() == null ? List.of("inbox") : r.channels());
        if (!channels.contains("inbox")) {
            channels.add(0, "inbox");
        }
        for (String c : channels) {
            // a null entry too: Set.of(...).contains(null) and Optional.of(null) both throw
            if (c == null || !CHANNELS.contains(c)) {
                errors.add(new ApiException.FieldError("channels", "'" + c + "' is not one of inbox, email, webhook"));
                break;
            }
        }
        if (r.digest() != null && !DIGESTS.contains(r.digest())) {
            errors.add(new ApiException.FieldError("digest", "must be immediate, hourly or daily"));
        }
        if (channels.contains("email") && r.email() == null) {
            errors.add(new ApiException.FieldError("email", "is required for the email channel"));
        }
        if (channels.contains("webhook") && r.webhookUrl() == null) {
            errors.add(new ApiException.FieldError("webhookUrl", "is required for the webhook channel"));
        }
        checkEntries(r.mutedPosts(), "mutedPosts", "post ids", errors);
        checkEmail(r.email(), errors);
        return checkWebhook(r.webhookUrl(), errors).then(Mono.defer(() -> {
            if (!errors.isEmpty()) {
                return Mono.error(ApiException.invalid(errors));
            }
            return people.findPreferences(siteId, userId)
                    .map(java.util.Optional::of)
                    .defaultIfEmpty(java.util.Optional.empty())
                    .flatMap(existing -> {
                        String secret = existing.map(Preferences::webhookSecret).orElse(null);
                        boolean issue = r.webhookUrl() != null
                                && (secret == null || Boolean.TRUE.equals(r.rotateWebhookSecret()));
                        String nextSecret = issue ? WebhookSignature.newSecret() : secret;
                        String token =
                                existing.map(Preferences::unsubscribeToken).orElseGet(PeopleController::newToken);
                        Preferences next = new Preferences(
                                siteId,
                                userId,
                                channels,
                                r.email(),
                                r.webhookUrl(),
                                nextSecret,
                                r.digest() == null ? "immediate" : r.digest(),
                                r.mutedPosts(),
                                token);
                        return people.savePreferences(next).map(saved -> {
                            Map<String, Object> view = view(saved);
                            if (issue) {
                                view.put("webhookSecret", nextSecret);
                            }
                            return view;
                        });
                    });
        }));
    }

    @GetMapping(path = "/api/v1/users/{userId}/preferences", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Map<String, Object>> getPreferences(
            @RequestAttribute(SiteKeyFilter.SITE) AuthenticatedSite site, @PathVariable String userId) {
        return people.findPreferences(site.siteId().value(), userId)
                .defaultIfEmpty(Preferences.defaults(site.siteId().value(), userId))
                .map(PeopleController::view);
    }

    /** The link in every e-mail: turns e-mail off for that person, no sign-in needed. */
    @GetMapping(path = "/api/v1/unsubscribe", produces = MediaType.TEXT_PLAIN_VALUE)
    public Mono<String> unsubscribe(@RequestParam(required = false) String token) {
        if (token == null || token.length() < 20 || token.length() > 100) {
            throw ApiException.notFound("This unsubscribe link is not valid");
        }
        return people.findByUnsubscribeToken(token)
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("This unsubscribe link is not valid")))
                .flatMap(p -> people.savePreferences(new Preferences(
                        p.siteId(),
                        p.userId(),
                        p.channels().stream().filter(c -> !c.equals("email")).toList(),
                        p.email(),
                        p.webhookUrl(),
                        p.webhookSecret(),
                        p.digest(),
                        p.mutedPosts(),
                        p.unsubscribeToken())))
                .thenReturn("You will no longer receive e-mails from this community's notifications.\n");
    }

    private static Map<String, Object> view(Preferences p) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("userId", p.userId());
        view.put("channels", p.channels());
        view.put("email", p.email());
        view.put("webhookUrl", p.webhookUrl());
        view.put("digest", p.digest());
        view.put("mutedPosts", p.mutedPosts());
        return view;
    }

    private Mono<Void> checkWebhook(String url, List<ApiException.FieldError> errors) {
        if (url == null) {
            return Mono.empty();
        }
        if (url.length() > 2048) {
            errors.add(new ApiException.FieldError("webhookUrl", "is longer than 2048 characters"));
            return Mono.empty();
        }
        return Mono.fromCallable(() -> WebhookUrls.problem(url, allowPrivateWebhooks))
                .subscribeOn(Schedulers.boundedElastic())
                .doOnNext(problem -> problem.ifPresent(p -> errors.add(new ApiException.FieldError("webhookUrl", p))))
                .then();
    }

    private static void checkId(String id, String field, List<ApiException.FieldError> errors) {
        if (id.isBlank() || id.length() > 200) {
            errors.add(new ApiException.FieldError(field, "must be 1-200 characters"));
        }
    }

    private static void checkEmail(String email, List<ApiException.FieldError> errors) {
        if (email != null && (email.length() > 254 || !email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+"))) {
            errors.add(new ApiException.FieldError("email", "is not an e-mail address"));
        }
    }

    private static String newToken() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void checkEntries(
            List<String> entries, String field, String what, List<ApiException.FieldError> errors) {
        if (entries != null && entries.stream().anyMatch(e -> e == null || e.isBlank())) {
            errors.add(new ApiException.FieldError(field, "must hold " + what + ", not null or blank entries"));
        }
    }
}

package io.sherpa.notification.people;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.sherpa.notification.NotificationProperties;
import io.sherpa.notification.recipients.Mentor;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@code mentors} and {@code preferences} in {@code sherpa_notification}, keyed by {@code siteId/id}. */
@Repository
public class PeopleStore {

    private final MongoCollection<Document> mentors;
    private final MongoCollection<Document> preferences;

    public PeopleStore(MongoClient mongo, NotificationProperties settings) {
        this.mentors = mongo.getDatabase(settings.database()).getCollection("mentors");
        this.preferences = mongo.getDatabase(settings.database()).getCollection("preferences");
    }

    /** A mentor with their contact details, as stored. */
    public record MentorRecord(
            String siteId,
            String mentorId,
            String name,
            String email,
            String webhookUrl,
            String webhookSecret,
            List<String> posts,
            List<String> topics) {

        public Mentor asMentor() {
            return new Mentor(mentorId, name, posts);
        }
    }

    public Mono<MentorRecord> findMentor(String siteId, String mentorId) {
        return Mono.from(
                        mentors.find(Filters.eq("_id", siteId + "/" + mentorId)).first())
                .map(PeopleStore::toMentor);
    }

    private final java.util.Map<String, CachedMentors> mentorCache = new java.util.concurrent.ConcurrentHashMap<>();

    private record CachedMentors(List<Mentor> mentors, long loadedAtNanos) {}

    /**
     * The site's mentors, read at most once a second per site and replica (mentors change rarely; a change
     * applies to comments decided a second later at most, immediately on the replica that made it).
     */
    public Mono<List<Mentor>> mentorsCached(String siteId) {
        CachedMentors cached = mentorCache.get(siteId);
        if (cached != null && System.nanoTime() - cached.loadedAtNanos() < 1_000_000_000L) {
            return Mono.just(cached.mentors());
        }
        return mentorsOf(siteId)
                .map(MentorRecord::asMentor)
                .collectList()
                .doOnNext(list -> mentorCache.put(siteId, new CachedMentors(list, System.nanoTime())));
    }

    public Flux<MentorRecord> mentorsOf(String siteId) {
        return Flux.from(mentors.find(Filters.eq("siteId", siteId))).map(PeopleStore::toMentor);
    }

    public Mono<MentorRecord> saveMentor(MentorRecord m) {
        Document doc = new Document("_id", m.siteId() + "/" + m.mentorId())
                .append("siteId", m.siteId())
                .append("mentorId", m.mentorId())
                .append("name", m.name())
                .append("email", m.email())
                .append("webhookUrl", m.webhookUrl())
                .append("webhookSecret", m.webhookSecret())
                .append("posts", m.posts())
                .append("topics", m.topics());
        return Mono.from(mentors.replaceOne(
                        Filters.eq("_id", doc.getString("_id")), doc, new ReplaceOptions().upsert(true)))
                .doOnSuccess(r -> {
                    mentorCache.remove(m.siteId());
                    preferenceCache.remove(m.siteId() + "/" + m.mentorId());
                })
                .thenReturn(m);
    }

    public Mono<Preferences> findPreferences(String siteId, String userId) {
        return Mono.from(preferences
                        .find(Filters.eq("_id", siteId + "/" + userId))
                        .first())
                .map(PeopleStore::toPreferences);
    }

    public Mono<Preferences> findByUnsubscribeToken(String token) {
        return Mono.from(preferences.find(Filters.eq("unsubscribeToken", token)).first())
                .map(PeopleStore::toPreferences);
    }

    public Mono<Preferences> savePreferences(Preferences p) {
        Document doc = new Document("_id", p.siteId() + "/" + p.userId())
                .append("siteId", p.siteId())
                .append("userId", p.userId())
                .append("channels", p.channels())
                .append("email", p.email())
                .append("webhookUrl", p.webhookUrl())
                .append("webhookSecret", p.webhookSecret())
                .append("digest", p.digest())
                .append("mutedPosts", p.mutedPosts())
                .append("unsubscribeToken", p.unsubscribeToken());
        return Mono.from(preferences.replaceOne(
                        Filters.eq("_id", doc.getString("_id")), doc, new ReplaceOptions().upsert(true)))
                .doOnSuccess(r -> preferenceCache.remove(p.siteId() + "/" + p.userId()))
                .thenReturn(p);
    }

    /**
     * Erases one person's contact details on a site: their preferences (e-mail, webhook URL and secret) and,
     * if they are also one of the site's mentors, that mentor record. Deleting what is gone already is a no-op.
     */
    public Mono<Long> erasePerson(String siteId, String personId) {
        String key = siteId + "/" + personId;
        return Mono.from(preferences.deleteOne(Filters.eq("_id", key)))
                .zipWith(Mono.from(mentors.deleteOne(Filters.eq("_id", key))))
                .map(deleted ->
                        deleted.getT1().getDeletedCount() + deleted.getT2().getDeletedCount())
                .doOnSuccess(n -> {
                    mentorCache.remove(siteId);
                    preferenceCache.remove(key);
                });
    }

    /**
     * How a recipient is reached: their preferences if they set any; a mentor without preferences gets
     * the inbox plus whatever contact details were given for them as a mentor.
     */
    public Mono<Preferences> deliveryPreferences(String siteId, String recipientId) {
        String key = siteId + "/" + recipientId;
        CachedPreferences cached = preferenceCache.get(key);
        if (cached != null && System.nanoTime() - cached.loadedAtNanos() < 1_000_000_000L) {
            return Mono.just(cached.preferences());
        }
        return loadDeliveryPreferences(siteId, recipientId).doOnNext(p -> {
            if (preferenceCache.size() > 100_000) {
                preferenceCache.clear();
            }
            preferenceCache.put(key, new CachedPreferences(p, System.nanoTime()));
        });
    }

    private record CachedPreferences(Preferences preferences, long loadedAtNanos) {}

    /** Recently read delivery preferences (at most a second old; dropped on this replica when changed here). */
    private final java.util.Map<String, CachedPreferences> preferenceCache =
            new java.util.concurrent.ConcurrentHashMap<>();

    private Mono<Preferences> loadDeliveryPreferences(String siteId, String recipientId) {
        return findPreferences(siteId, recipientId)
                .switchIfEmpty(Mono.defer(() -> findMentor(siteId, recipientId).map(m -> {
                    List<String> channels = new ArrayList<>(List.of("inbox"));
                    if (m.email() != null) {
                        channels.add("email");
                    }
                    if (m.webhookUrl() != null) {
                        channels.add("webhook");
                    }
                    return new Preferences(
                            siteId,
                            recipientId,
                            channels,
                            m.email(),
                            m.webhookUrl(),
                            m.webhookSecret(),
                            "immediate",
                            List.of(),
                            null);
                })))
                .defaultIfEmpty(Preferences.defaults(siteId, recipientId));
    }

    private static MentorRecord toMentor(Document d) {
        return new MentorRecord(
                d.getString("siteId"),
                d.getString("mentorId"),
                d.getString("name"),
                d.getString("email"),
                d.getString("webhookUrl"),
                d.getString("webhookSecret"),
                d.getList("posts", String.class, List.of()),
                d.getList("topics", String.class, List.of()));
    }

    private static Preferences toPreferences(Document d) {
        return new Preferences(
                d.getString("siteId"),
                d.getString("userId"),
                d.getList("channels", String.class, List.of("inbox")),
                d.getString("email"),
                d.getString("webhookUrl"),
                d.getString("webhookSecret"),
                d.getString("digest"),
                d.getList("mutedPosts", String.class, List.of()),
                d.getString("unsubscribeToken"));
    }
}

package io.sherpa.moderation.policy;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.sherpa.common.json.EventJson;
import io.sherpa.moderation.ModerationProperties;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.bson.Document;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Policies in MongoDB: {@code policies} holds each site's current one, {@code policy_versions} every
 * version ever set (a decision's {@code policyVersion} can always be looked up). A site without a policy
 * has the defaults, version 0.
 */
@Repository
public class PolicyStore {

    private final MongoCollection<Document> current;
    private final MongoCollection<Document> versions;
    private final Clock clock = Clock.systemUTC();

    public PolicyStore(MongoClient mongo, ModerationProperties settings) {
        this.current = mongo.getDatabase(settings.database()).getCollection("policies");
        this.versions = mongo.getDatabase(settings.database()).getCollection("policy_versions");
    }

    public Mono<PolicyDocument> find(String siteId) {
        return Mono.from(current.find(Filters.eq("_id", siteId)).first())
                .map(doc -> EventJson.read(doc.get("policy", Document.class).toJson(), PolicyDocument.class))
                .defaultIfEmpty(PolicyDocument.of(Policy.defaults(), null));
    }

    /** The current policies of these sites, defaults for those without one. Blocking, bounded. */
    public Map<String, Policy> currentPolicies(Collection<String> siteIds) {
        Map<String, Policy> policies = new HashMap<>();
        siteIds.forEach(id -> policies.put(id, Policy.defaults()));
        Flux.from(current.find(Filters.in("_id", siteIds)))
                .doOnNext(doc -> {
                    PolicyDocument stored =
                            EventJson.read(doc.get("policy", Document.class).toJson(), PolicyDocument.class);
                    policies.put(doc.getString("_id"), stored.toPolicy(stored.version()));
                })
                .then()
                .block(Duration.ofSeconds(15));
        return policies;
    }

    /**
     * Stores a new version if the current one is still {@code expectedVersion}.
     *
     * @return the stored document, or empty when another change came first
     */
    public Mono<PolicyDocument> replace(String siteId, Policy next, long expectedVersion) {
        PolicyDocument doc = PolicyDocument.of(next, clock.instant());
        Document stored = new Document("_id", siteId)
                .append("version", next.version())
                .append("policy", Document.parse(EventJson.write(doc)));
        Mono<Boolean> write = expectedVersion == 0
                ? Mono.from(current.insertOne(stored))
                        .thenReturn(true)
                        .onErrorResume(
                                e -> e.getMessage() != null && e.getMessage().contains("E11000"), e -> Mono.just(false))
                : Mono.from(current.replaceOne(
                                Filters.and(Filters.eq("_id", siteId), Filters.eq("version", expectedVersion)),
                                stored,
                                new ReplaceOptions()))
                        .map(r -> r.getModifiedCount() == 1);
        return write.flatMap(ok -> ok
                ? Mono.from(versions.insertOne(new Document("_id", siteId + ":" + next.version())
                                .append("siteId", siteId)
                                .append("version", next.version())
                                .append("policy", stored.get("policy"))))
                        .thenReturn(doc)
                : Mono.empty());
    }
}

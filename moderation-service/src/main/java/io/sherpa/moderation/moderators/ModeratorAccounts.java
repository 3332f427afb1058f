package io.sherpa.moderation.moderators;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.sherpa.moderation.ModerationProperties;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Moderator accounts in {@code moderators}: passwords only as bcrypt hashes. */
@Service
public class ModeratorAccounts implements ReactiveUserDetailsService {

    private final MongoCollection<Document> moderators;
    private final PasswordEncoder passwords;

    public ModeratorAccounts(MongoClient mongo, ModerationProperties settings, PasswordEncoder passwords) {
        this.moderators = mongo.getDatabase(settings.database()).getCollection("moderators");
        this.passwords = passwords;
    }

    @Override
    public Mono<UserDetails> findByUsername(String username) {
        return find(username).cast(UserDetails.class);
    }

    public Mono<Moderator> find(String username) {
        return Mono.from(moderators.find(Filters.eq("_id", username)).first()).map(ModeratorAccounts::toModerator);
    }

    /** Creates or replaces an account (password hashed here). */
    public Mono<Moderator> save(String username, String password, Set<String> sites, boolean admin) {
        Moderator moderator = new Moderator(username, passwords.encode(password), Set.copyOf(sites), admin, false);
        Document doc = new Document("_id", username)
                .append("passwordHash", moderator.passwordHash())
                .append("sites", List.copyOf(sites))
                .append("admin", admin)
                .append("disabled", false);
        return Mono.from(moderators.replaceOne(Filters.eq("_id", username), doc, new ReplaceOptions().upsert(true)))
                .thenReturn(moderator);
    }

    /** Every account, by name. */
    public Flux<Moderator> list() {
        return Flux.from(moderators.find().sort(Sorts.ascending("_id"))).map(ModeratorAccounts::toModerator);
    }

    /** Creates an account; empty when one of that name exists already. */
    public Mono<Moderator> create(String username, String password, Set<String> sites, boolean admin) {
        Moderator moderator = new Moderator(username, passwords.encode(password), Set.copyOf(sites), admin, false);
        Document doc = new Document("_id", username)
                .append("passwordHash", moderator.passwordHash())
                .append("sites", List.copyOf(sites))
                .append("admin", admin)
                .append("disabled", false);
        return Mono.from(moderators.insertOne(doc))
                .thenReturn(moderator)
                .onErrorResume(
                        MongoWriteException.class,
                        e -> e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY ? Mono.empty() : Mono.error(e));
    }

    /** Changes what is given of an account (sites, admin, disabled, password); empty when there is none. */
    public Mono<Moderator> update(
            String username, Set<String> sites, Boolean admin, Boolean disabled, String password) {
        List<Bson> changes = new ArrayList<>();
        if (sites != null) {
            changes.add(Updates.set("sites", List.copyOf(sites)));
        }
        if (admin != null) {
            changes.add(Updates.set("admin", admin));
        }
        if (disabled != null) {
            changes.add(Updates.set("disabled", disabled));
        }
        if (password != null) {
            changes.add(Updates.set("passwordHash", passwords.encode(password)));
        }
        if (changes.isEmpty()) {
            return find(username);
        }
        return Mono.from(moderators.updateOne(Filters.eq("_id", username), Updates.combine(changes)))
                .filter(r -> r.getMatchedCount() == 1)
                .flatMap(r -> find(username));
    }

    private static Moderator toModerator(Document doc) {
        List<?> sites = doc.getList("sites", Object.class, List.of());
        Set<String> siteIds = new HashSet<>();
        sites.forEach(s -> siteIds.add(String.valueOf(s)));
        return new Moderator(
                doc.getString("_id"),
                doc.getString("passwordHash"),
                siteIds,
                Boolean.TRUE.equals(doc.getBoolean("admin")),
                Boolean.TRUE.equals(doc.getBoolean("disabled")));
    }
}

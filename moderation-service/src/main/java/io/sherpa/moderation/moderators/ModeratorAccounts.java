package io.sherpa.moderation.moderators;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.sherpa.moderation.ModerationProperties;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bson.Document;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
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

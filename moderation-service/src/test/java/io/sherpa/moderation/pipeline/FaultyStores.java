package io.sherpa.moderation.pipeline;

import com.mongodb.reactivestreams.client.MongoClient;
import io.sherpa.moderation.ModerationProperties;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** The real store over the real MongoDB wire protocol, with one fault put where a test needs it. */
public final class FaultyStores {

    private FaultyStores() {}

    /** Fails the first {@code failures} author writes, as a store that went away mid-batch would. */
    public static ModerationStore failingAuthorWrites(MongoClient mongo, ModerationProperties settings, int failures) {
        AtomicInteger left = new AtomicInteger(failures);
        return new ModerationStore(mongo, settings) {
            @Override
            void updateAuthors(Collection<AuthorRecord> changed, Map<String, long[]> counts) {
                if (left.getAndDecrement() > 0) {
                    throw new IllegalStateException("store unreachable (test fault)");
                }
                super.updateAuthors(changed, counts);
            }
        };
    }

    /**
     * Finds no stored comment on its first look, as a consumer that read the store just before another one
     * (a zombie during a rebalance) stored the same comments.
     */
    public static ModerationStore lookingTooEarly(MongoClient mongo, ModerationProperties settings) {
        AtomicInteger left = new AtomicInteger(1);
        return new ModerationStore(mongo, settings) {
            @Override
            Map<String, StoredComment> findComments(Collection<String> ids) {
                return left.getAndDecrement() > 0 ? Map.of() : super.findComments(ids);
            }
        };
    }
}

package io.sherpa.loadgen;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A realistic mix of comments: mostly ordinary conversation from many authors on many posts, plus
 * replies to earlier comments, double-posts, links, contact details and the odd spam pitch.
 */
final class CommentMix {

    private static final String[] OPENERS = {
        "Thanks for writing this", "Great post", "I mostly agree", "Interesting point", "Not sure I agree",
        "This made me think", "Well said", "Good question", "I had the same experience", "Love this"
    };
    private static final String[] BODIES = {
        "communities are built on trust, not on sales pitches.",
        "the conversation matters more than the broadcast.",
        "we tried this with our customers last year and it worked.",
        "newcomers need a warm welcome before anything else.",
        "the hardest part is getting clients to listen first.",
        "I would love to read a follow-up on measuring it.",
        "my team argued about exactly this on Monday.",
        "it is easy to forget that people are on the other side."
    };

    /** Posts commented on; their authors ("author-of-N") receive every approved comment's notification. */
    static final int POSTS = 50;

    private final Random random;
    private final String runId;
    private final List<String> recent = new ArrayList<>();
    private long sequence;

    CommentMix(long seed, String runId) {
        this.random = new Random(seed);
        this.runId = runId;
    }

    /** The JSON of the next comment. */
    synchronized String next() {
        long n = sequence++;
        String externalId = runId + "-" + n;
        int author = random.nextInt(2000);
        int post = random.nextInt(POSTS);
        String parent = null;
        String text = OPENERS[random.nextInt(OPENERS.length)] + " — " + BODIES[random.nextInt(BODIES.length)];
        int kind = random.nextInt(100);
        if (kind < 10 && !recent.isEmpty()) {
            parent = recent.get(random.nextInt(recent.size()));
            text = "Replying to you: " + text;
        } else if (kind < 15) {
            text = text + " More at https://blog" + author + ".example.org/post";
        } else if (kind < 18) {
            text = text + " Write to me: reader" + author + "@example.com";
        } else if (kind < 20) {
            text = "Make money fast!!! Visit http://bit.ly/" + Long.toHexString(n);
        } else if (kind < 23) {
            text = "You said it! " + BODIES[author % BODIES.length]; // the same author repeating themselves
        } else {
            text = text + " (" + runId + "/" + n + ")";
        }
        if (recent.size() < 500) {
            recent.add(externalId);
        } else {
            recent.set(random.nextInt(500), externalId);
        }
        return "{\"externalId\":\"" + externalId + "\",\"postId\":\"post-" + post + "\",\"postAuthorId\":\"author-of-"
                + post
                + "\"," + (parent == null ? "" : "\"parentExternalId\":\"" + parent + "\",")
                + "\"author\":{\"id\":\"reader-" + author + "\",\"name\":\"Reader " + author + "\"},"
                + "\"text\":\"" + text.replace("\"", "'") + "\"}";
    }
}

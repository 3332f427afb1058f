package io.sherpa.notification.recipients;

import java.util.List;

/** A community mentor ("sherpa") of a site; with {@code posts} set, only for those posts. */
public record Mentor(String id, String name, List<String> posts) {

    public Mentor {
        posts = posts == null ? List.of() : List.copyOf(posts);
    }

    public boolean covers(String postId) {
        return posts.isEmpty() || posts.contains(postId);
    }
}

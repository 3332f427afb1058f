package io.sherpa.notification.recipients;

import java.util.List;
import java.util.Objects;

/** A community mentor ("sherpa") of a site; with {@code posts} set, only for those posts. */
public record Mentor(String id, String name, List<String> posts) {

    public Mentor {
        // a null entry (stored before requests were checked for them) names no post
        posts = posts == null
                ? List.of()
                : posts.stream().filter(Objects::nonNull).toList();
    }

    public boolean covers(String postId) {
        return posts.isEmpty() || posts.contains(postId);
    }
}

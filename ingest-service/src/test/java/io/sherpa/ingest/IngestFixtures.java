package io.sherpa.ingest;

import java.util.LinkedHashMap;
import java.util.Map;

/** Object mother for comment requests as a blog platform would send them. */
final class IngestFixtures {

    private IngestFixtures() {}

    static Map<String, Object> aComment(String externalId) {
        return aComment(externalId, "Thanks Amber, I could not agree more.");
    }

    static Map<String, Object> aComment(String externalId, String text) {
        Map<String, Object> author = new LinkedHashMap<>();
        author.put("id", "reader-" + externalId);
        author.put("name", "A Reader");
        author.put("email", "Reader@Example.org");
        Map<String, Object> comment = new LinkedHashMap<>();
        comment.put("externalId", externalId);
        comment.put("postId", "post-1");
        comment.put("postAuthorId", "amber");
        comment.put("postTitle", "Why badly thought out social media bothers me");
        comment.put("author", author);
        comment.put("text", text);
        comment.put("createdAt", "2024-05-01T10:15:30Z");
        comment.put("envelope", Map.of("ip", "203.0.113.77", "userAgent", "Mozilla/5.0"));
        return comment;
    }

    static Map<String, Object> aReplyTo(String parentExternalId, String externalId) {
        Map<String, Object> reply = aComment(externalId, "Replying to you: well said!");
        reply.put("parentExternalId", parentExternalId);
        return reply;
    }
}

package io.sherpa.notification.inbox;

import io.sherpa.notification.recipients.Kind;
import java.time.Instant;

/** One notification as the inbox shows it. */
public record Notification(
        String id,
        String kind,
        String commentId,
        String postId,
        Actor actor,
        String excerpt,
        Instant createdAt,
        boolean read,
        boolean withdrawn) {

    /** Who did the thing notified about. */
    public record Actor(String id, String name) {}

    /** The id of the notification of {@code kind} about {@code commentId} for {@code recipient} on {@code site}: one, ever. */
    public static String idOf(String site, String recipient, String commentId, Kind kind) {
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
                    .digest((site + "\u0000" + recipient + "\u0000" + commentId + "\u0000" + kind)
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "n_" + java.util.HexFormat.of().formatHex(hash, 0, 12);
        } catch (java.security.NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}

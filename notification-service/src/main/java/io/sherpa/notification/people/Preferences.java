package io.sherpa.notification.people;

import java.util.List;

/**
 * How one person (a user or a mentor) wants to be told. The inbox is always on.
 *
 * @param channels {@code inbox}, {@code email}, {@code webhook}
 * @param digest {@code immediate}, {@code hourly} or {@code daily} (e-mail)
 * @param mutedPosts posts this person never wants to hear about
 */
public record Preferences(
        String siteId,
        String userId,
        List<String> channels,
        String email,
        String webhookUrl,
        String webhookSecret,
        String digest,
        List<String> mutedPosts,
        String unsubscribeToken) {

    public Preferences {
        channels = channels == null ? List.of("inbox") : List.copyOf(channels);
        mutedPosts = mutedPosts == null ? List.of() : List.copyOf(mutedPosts);
        digest = digest == null ? "immediate" : digest;
    }

    public static Preferences defaults(String siteId, String userId) {
        return new Preferences(siteId, userId, List.of("inbox"), null, null, null, "immediate", List.of(), null);
    }

    public boolean wants(String channel) {
        return channels.contains(channel)
                && (!channel.equals("email") || email != null)
                && (!channel.equals("webhook") || webhookUrl != null);
    }
}

package io.sherpa.common.ids;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.UUID;

/**
 * A comment's id, derived from {@code (siteId, externalId)} as a name-based UUID (version 5, SHA-1), so
 * that a retried submission can never create a second comment: the same pair always yields the same id,
 * on every replica, forever.
 */
public record CommentId(UUID value) {

    /** The namespace of Sherpa comment ids (a fixed, random UUID; changing it would re-key every comment). */
    static final UUID NAMESPACE = UUID.fromString("5b0e3c1e-8f1a-4d61-9a53-6c1f0d1f5e21");

    public CommentId {
        Objects.requireNonNull(value, "commentId");
    }

    public static CommentId derive(SiteId siteId, String externalId) {
        Objects.requireNonNull(externalId, "externalId");
        return new CommentId(nameBased(NAMESPACE, siteId.value() + '\u0000' + externalId));
    }

    @JsonCreator
    public static CommentId parse(String text) {
        return new CommentId(UUID.fromString(text));
    }

    /** Parses an id taken from a URL; empty when it is not a UUID, so callers can answer 404 instead of 500. */
    public static java.util.Optional<CommentId> tryParse(String text) {
        if (text == null || text.length() != 36) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(parse(text));
        } catch (IllegalArgumentException notAUuid) {
            return java.util.Optional.empty();
        }
    }

    @JsonValue
    public String asString() {
        return value.toString();
    }

    @Override
    public String toString() {
        return asString();
    }

    private static UUID nameBased(UUID namespace, String name) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("SHA-1 is required by every Java runtime", impossible);
        }
        sha1.update(toBytes(namespace));
        byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        hash[6] &= 0x0f;
        hash[6] |= 0x50; // version 5
        hash[8] &= 0x3f;
        hash[8] |= (byte) 0x80; // IETF variant
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (hash[i] & 0xff);
        }
        for (int i = 8; i < 16; i++) {
            lsb = (lsb << 8) | (hash[i] & 0xff);
        }
        return new UUID(msb, lsb);
    }

    private static byte[] toBytes(UUID uuid) {
        byte[] bytes = new byte[16];
        long msb = uuid.getMostSignificantBits();
        long lsb = uuid.getLeastSignificantBits();
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (msb >>> (8 * (7 - i)));
            bytes[8 + i] = (byte) (lsb >>> (8 * (7 - i)));
        }
        return bytes;
    }
}

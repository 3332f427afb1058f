package io.sherpa.common.sites;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Creating and hashing API keys. A key is shown once, when created; only its SHA-256 hash is kept. */
public final class ApiKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {}

    /** A new secret key: {@code sk_} followed by 32 random bytes, base64url. */
    public static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "sk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A new public key id, safe to log and to put in URLs. */
    public static String newKeyId() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return "key_" + HexFormat.of().formatHex(bytes);
    }

    /** The hex SHA-256 of a key, as stored and published. */
    public static String sha256Hex(String secret) {
        return HexFormat.of().formatHex(sha256(secret));
    }

    static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", impossible);
        }
    }

    /** Compares two secrets in time that does not depend on where they differ. */
    public static boolean constantTimeEquals(String expected, String presented) {
        if (expected == null || presented == null) {
            return false;
        }
        return MessageDigest.isEqual(sha256(expected), sha256(presented));
    }
}

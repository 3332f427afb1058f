package io.sherpa.ingest.comments;

import io.sherpa.common.web.ApiException;
import io.sherpa.common.web.ApiException.FieldError;
import java.net.IDN;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks a {@link CommentRequest} and cleans it into a {@link ValidComment}, collecting every field error
 * at once. Cleaning, not rejecting: control characters other than tab, line feed and carriage return are
 * removed from text and names (as are unpaired UTF-16 surrogates); user agent and referrer are cut to 512
 * characters. Invalid UTF-8 never gets this far: the JSON parser rejects it with a 400.
 */
public final class CommentValidator {

    static final int MAX_ID = 200;
    static final int MAX_NAME = 200;
    static final int MAX_TITLE = 500;
    static final int MAX_URL = 2048;
    static final int MAX_EMAIL = 254;
    static final int MAX_META = 512;

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");

    private final int maxTextLength;

    public CommentValidator(int maxTextLength) {
        this.maxTextLength = maxTextLength;
    }

    /** The cleaned comment, or a {@code 400} listing every invalid field (prefixed, e.g. {@code comments[3].}). */
    public ValidComment validate(CommentRequest request, String fieldPrefix) {
        List<FieldError> errors = new ArrayList<>();
        if (request == null) {
            throw ApiException.invalid(List.of(
                    new FieldError(fieldPrefix.isEmpty() ? "body" : fieldPrefix, "a comment object is required")));
        }
        String externalId = id(request.externalId(), fieldPrefix + "externalId", true, errors);
        String postId = id(request.postId(), fieldPrefix + "postId", true, errors);
        String postAuthorId = id(request.postAuthorId(), fieldPrefix + "postAuthorId", false, errors);
        String parentExternalId = id(request.parentExternalId(), fieldPrefix + "parentExternalId", false, errors);
        String postTitle = text(request.postTitle(), fieldPrefix + "postTitle", MAX_TITLE, false, errors);
        String postUrl = url(request.postUrl(), fieldPrefix + "postUrl", errors);

        CommentRequest.AuthorRequest author = request.author();
        String authorId = null;
        String authorName = null;
        String emailHash = null;
        String authorUrl = null;
        if (author == null) {
            errors.add(new FieldError(fieldPrefix + "author", "is required ({id, name, email?, url?})"));
        } else {
            authorId = id(author.id(), fieldPrefix + "author.id", true, errors);
            authorName = text(author.name(), fieldPrefix + "author.name", MAX_NAME, false, errors);
            if (authorName == null || authorName.isBlank()) {
                authorName = "Anonymous";
            }
            emailHash = email(author.email(), fieldPrefix + "author.email", errors);
            authorUrl = url(author.url(), fieldPrefix + "author.url", errors);
        }

        String text = clean(request.text());
        if (text == null || text.isBlank()) {
            errors.add(new FieldError(fieldPrefix + "text", "is required and must not be blank"));
        } else {
            int length = text.codePointCount(0, text.length());
            if (length > maxTextLength) {
                errors.add(new FieldError(
                        fieldPrefix + "text",
                        "is " + length + " characters long; at most " + maxTextLength + " are accepted"));
            }
        }

        Instant createdAt = instant(request.createdAt(), fieldPrefix + "createdAt", errors);
        CommentRequest.EnvelopeRequest envelope = request.envelope();
        String ipPrefix = envelope == null ? null : ipPrefix(envelope.ip(), fieldPrefix + "envelope.ip", errors);
        String userAgent = envelope == null ? null : truncate(clean(envelope.userAgent()), MAX_META);
        String referrer = envelope == null ? null : truncate(clean(envelope.referrer()), MAX_META);

        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return new ValidComment(
                externalId,
                postId,
                postAuthorId,
                postTitle,
                postUrl,
                parentExternalId,
                authorId,
                authorName,
                emailHash,
                authorUrl,
                text,
                createdAt,
                ipPrefix,
                userAgent,
                referrer);
    }

    /** Removes control characters (keeping tab, LF, CR) and unpaired surrogates. */
    static String clean(String value) {
        if (value == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean keep;
            if (Character.isHighSurrogate(c)) {
                keep = i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1));
                if (keep) {
                    if (out != null) {
                        out.append(c).append(value.charAt(i + 1));
                    }
                    i++;
                    continue;
                }
            } else if (Character.isLowSurrogate(c)) {
                keep = false;
            } else {
                keep = !Character.isISOControl(c) || c == '\t' || c == '\n' || c == '\r';
            }
            if (!keep && out == null) {
                out = new StringBuilder(value.length()).append(value, 0, i);
            } else if (keep && out != null) {
                out.append(c);
            }
        }
        return out == null ? value : out.toString();
    }

    private static String id(String value, String field, boolean required, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            if (required) {
                errors.add(new FieldError(field, "is required and must not be blank"));
            }
            return null;
        }
        if (value.length() > MAX_ID) {
            errors.add(new FieldError(field, "is longer than " + MAX_ID + " characters"));
            return null;
        }
        if (!clean(value).equals(value)) {
            errors.add(new FieldError(field, "must not contain control characters"));
            return null;
        }
        return value;
    }

    private static String text(String value, String field, int max, boolean required, List<FieldError> errors) {
        String cleaned = clean(value);
        if (cleaned == null || cleaned.isBlank()) {
            if (required) {
                errors.add(new FieldError(field, "is required and must not be blank"));
            }
            return null;
        }
        if (cleaned.length() > max) {
            errors.add(new FieldError(field, "is longer than " + max + " characters"));
            return null;
        }
        return cleaned;
    }

    private static String url(String value, String field, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > MAX_URL) {
            errors.add(new FieldError(field, "is longer than " + MAX_URL + " characters"));
            return null;
        }
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || hostOf(uri) == null) {
                errors.add(new FieldError(field, "must be an absolute http(s) URL"));
                return null;
            }
            return value;
        } catch (Exception e) {
            errors.add(new FieldError(field, "is not a valid URL"));
            return null;
        }
    }

    /**
     * The URL's host, or null if it has none. {@link URI} names a host only if it is plain ASCII letters, digits
     * and hyphens; an internationalised domain ("bücher-blog.de") or one with an underscore ("my_site.example")
     * is an authority to it, and a valid host to browsers: such a host counts if IDNA can write it in ASCII.
     */
    private static String hostOf(URI uri) {
        if (uri.getHost() != null) {
            return uri.getHost();
        }
        String authority = uri.getRawAuthority();
        if (authority == null) {
            return null;
        }
        String host = authority.substring(authority.lastIndexOf('@') + 1);
        int port = host.lastIndexOf(':');
        if (port >= 0 && host.indexOf(']') < port) {
            host = host.substring(0, port);
        }
        try {
            String ascii = IDN.toASCII(host, IDN.ALLOW_UNASSIGNED);
            return ascii.isEmpty() || ascii.startsWith(".") || ascii.endsWith("..") ? null : ascii;
        } catch (IllegalArgumentException notAHost) {
            return null;
        }
    }

    private static String email(String value, String field, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String normalized = value.trim().toLowerCase(Locale.ROOT);
        if (normalized.length() > MAX_EMAIL || !EMAIL.matcher(normalized).matches()) {
            errors.add(new FieldError(field, "is not an e-mail address"));
            return null;
        }
        return sha256(normalized);
    }

    private static Instant instant(String value, String field, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "must be an ISO-8601 date-time with offset, e.g. 2024-05-01T10:15:30Z"));
            return null;
        }
    }

    /** The /24 of an IPv4 address or the /48 of an IPv6 one; addresses themselves are never kept. */
    static String ipPrefix(String value, String field, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String ip = value.trim();
        if (IPV4.matcher(ip).matches()) {
            String[] octets = ip.split("\\.");
            boolean valid = true;
            for (String octet : octets) {
                valid &= Integer.parseInt(octet) <= 255;
            }
            if (valid) {
                return octets[0] + "." + octets[1] + "." + octets[2] + ".0/24";
            }
        } else if (ip.indexOf(':') >= 0 && IPV6.matcher(ip).matches()) {
            // With a ':' InetAddress parses a literal and never asks DNS.
            try {
                InetAddress address = InetAddress.getByName(ip);
                byte[] bytes = address.getAddress();
                if (address instanceof Inet4Address) {
                    return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + ".0/24";
                }
                if (address instanceof Inet6Address) {
                    return String.format(
                                    Locale.ROOT,
                                    "%x:%x:%x::",
                                    ((bytes[0] & 0xff) << 8) | (bytes[1] & 0xff),
                                    ((bytes[2] & 0xff) << 8) | (bytes[3] & 0xff),
                                    ((bytes[4] & 0xff) << 8) | (bytes[5] & 0xff))
                            + "/48";
                }
            } catch (UnknownHostException invalid) {
                // falls through to the field error
            }
        }
        errors.add(new FieldError(field, "is not an IPv4 or IPv6 address"));
        return null;
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    static String sha256(String value) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}

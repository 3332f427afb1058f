package io.sherpa.common.ids;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.regex.Pattern;

/** A site (one blog, one community) known to Sherpa: lower-case letters, digits and dashes, 2–63 characters. */
public record SiteId(String value) {

    private static final Pattern SHAPE = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");

    public SiteId {
        Objects.requireNonNull(value, "siteId");
        if (!isValid(value)) {
            throw new IllegalArgumentException(
                    "siteId must be 2-63 lower-case letters, digits or dashes, starting with a letter or digit");
        }
    }

    public static boolean isValid(String value) {
        return value != null && SHAPE.matcher(value).matches();
    }

    @JsonCreator
    public static SiteId of(String value) {
        return new SiteId(value);
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}

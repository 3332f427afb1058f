package io.sherpa.common.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes Sherpa events. Readers ignore fields they do not know, so producers can add fields
 * without breaking older consumers; optional fields that are null are left out.
 */
public final class EventJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .changeDefaultPropertyInclusion(incl -> incl.withValueInclusion(JsonInclude.Include.NON_NULL))
            .build();

    private EventJson() {}

    /** The mapper, configured as above, for callers that need Jackson directly. */
    public static JsonMapper mapper() {
        return MAPPER;
    }

    public static String write(Object event) {
        return MAPPER.writeValueAsString(event);
    }

    /**
     * Reads one event; anything that is not a valid event of that type is an {@link EventFormatException},
     * which error handlers never retry.
     */
    public static <T> T read(String json, Class<T> type) {
        if (json == null) {
            throw new EventFormatException("empty record value, expected " + type.getSimpleName(), null);
        }
        try {
            T value = MAPPER.readValue(json, type);
            if (value == null) {
                throw new EventFormatException("null record value, expected " + type.getSimpleName(), null);
            }
            return value;
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            throw new EventFormatException("not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}

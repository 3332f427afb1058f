package io.sherpa.common.ids;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/** Identifies one event (one message on a topic); consumers may use it to recognise redeliveries. */
public record EventId(UUID value) {

    public EventId {
        Objects.requireNonNull(value, "eventId");
    }

    public static EventId random() {
        return new EventId(UUID.randomUUID());
    }

    @JsonCreator
    public static EventId parse(String text) {
        return new EventId(UUID.fromString(text));
    }

    @JsonValue
    public String asString() {
        return value.toString();
    }

    @Override
    public String toString() {
        return asString();
    }
}

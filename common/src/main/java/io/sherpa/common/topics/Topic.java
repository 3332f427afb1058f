package io.sherpa.common.topics;

import java.util.Objects;

/**
 * One Kafka topic of the catalogue: its name, what its key is, the type of its values, and how it is laid
 * out. Immutable.
 *
 * @param name the topic name (a contract, DESIGN §2)
 * @param key what the record key holds, for people reading the catalogue
 * @param valueType the event record carried as JSON in the value
 * @param partitions the partition count it is created with
 * @param compacted whether only the latest value per key is kept
 */
public record Topic<V>(String name, String key, Class<V> valueType, int partitions, boolean compacted) {

    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(valueType, "valueType");
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be positive");
        }
    }

    /** The dead-letter topic of this one: same partitions, records that could not be processed. */
    public String deadLetterName() {
        return name + ".DLT";
    }
}

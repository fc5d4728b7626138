package io.coursestream.topology.validation;

/**
 * How many valid events of one type arrived on one input topic.
 *
 * @param topic     the input topic
 * @param eventType the event's Avro record name ({@code UserRegistered})
 * @param count     valid events counted since the topic's beginning
 */
public record InputEventCount(String topic, String eventType, long count) {

    private static final char SEPARATOR = '/';

    /** The key of the counts store for a topic and an event type. */
    public static String storeKey(String topic, String eventType) {
        return topic + SEPARATOR + eventType;
    }

    /** The count held under {@code storeKey} in the counts store. */
    public static InputEventCount fromStore(String storeKey, long count) {
        int separator = storeKey.lastIndexOf(SEPARATOR);
        return new InputEventCount(storeKey.substring(0, separator), storeKey.substring(separator + 1), count);
    }
}

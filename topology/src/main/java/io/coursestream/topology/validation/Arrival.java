package io.coursestream.topology.validation;

/**
 * What a rule may know about a record besides its value: the topic it came from, its key and its
 * timestamp. Rules never read the wall clock, so replaying a topic validates it exactly as before.
 *
 * @param topic     the input topic's name
 * @param key       the record key as a string; {@code null} when the record had none
 * @param timestamp the record's timestamp in epoch milliseconds
 */
public record Arrival(String topic, String key, long timestamp) {
}

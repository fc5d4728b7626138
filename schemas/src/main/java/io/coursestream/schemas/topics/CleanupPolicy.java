package io.coursestream.schemas.topics;

/** Kafka's {@code cleanup.policy} for a topic. */
public enum CleanupPolicy {
    /** Keep records until retention removes them; an event log. */
    DELETE("delete"),
    /** Keep the latest record per key; a table. */
    COMPACT("compact");

    private final String configValue;

    CleanupPolicy(String configValue) {
        this.configValue = configValue;
    }

    /** The value of the topic's {@code cleanup.policy} setting. */
    public String configValue() {
        return configValue;
    }
}

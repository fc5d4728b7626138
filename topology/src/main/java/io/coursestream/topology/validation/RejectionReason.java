package io.coursestream.topology.validation;

/** Why an input record went to the dead-letter topic; the value of {@link DeadLetterHeaders#REASON}. */
public enum RejectionReason {
    /** The value is not an Avro record the registry can resolve (garbage bytes, unknown schema id, no value). */
    UNDECODABLE("undecodable"),
    /** A catalogue event, but not one of the types this topic carries. */
    TYPE_NOT_CARRIED("type-not-carried"),
    /** The event broke one or more rules of the {@link RuleBook}. */
    INVALID_EVENT("invalid-event"),
    /** A rule itself failed on the event: a bug in this service, kept replayable on the dead-letter topic. */
    VALIDATION_ERROR("validation-error");

    private final String headerValue;

    RejectionReason(String headerValue) {
        this.headerValue = headerValue;
    }

    /** The reason as it appears in the dead-letter header. */
    public String headerValue() {
        return headerValue;
    }
}

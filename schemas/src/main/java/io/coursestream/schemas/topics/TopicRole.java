package io.coursestream.schemas.topics;

/** What a topic is for; decides which topics the stream processor validates and how tests treat them. */
public enum TopicRole {
    /** Domain events from upstream services; validated by the stream processor. */
    INPUT,
    /** Events this system writes. */
    OUTPUT,
    /** Compacted latest-state-per-key topics that feed reporting sinks. */
    TABLE,
    /** A job queue: {@code JobCommand} envelopes for one queue of workers. */
    JOB_QUEUE,
    /** Job requests the stream processor's contexts hand to its job runtime: {@code JobCommand} envelopes. */
    JOB_REQUESTS,
    /** Records that could not be processed, with the reason in headers or in the value. */
    DEAD_LETTER,
    /** Commands from operators that topologies act on. */
    CONTROL
}

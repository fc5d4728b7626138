package io.coursestream.topology.validation;

import org.apache.avro.specific.SpecificRecord;

/** What validating one input record gives: the decoded event, or the original bytes bound for the dead letters. */
sealed interface ValidationOutcome {

    /** The record decoded to a type its topic carries and broke no rule. */
    record Accepted(SpecificRecord event) implements ValidationOutcome {
    }

    /** The record is rejected; the reason travels in its headers (see {@link DeadLetterHeaders}). */
    record Rejected(byte[] originalValue) implements ValidationOutcome {
    }

    static boolean isAccepted(Object key, ValidationOutcome outcome) {
        return outcome instanceof Accepted;
    }
}

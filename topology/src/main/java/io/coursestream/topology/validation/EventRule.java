package io.coursestream.topology.validation;

import java.util.Optional;

import org.apache.avro.specific.SpecificRecord;

/** A rule over a whole event; field rules and cross-field rules both take this shape. */
@FunctionalInterface
public interface EventRule {

    /** The violation of this rule by {@code event}, or empty when the rule holds. */
    Optional<Violation> check(SpecificRecord event, Arrival arrival);
}

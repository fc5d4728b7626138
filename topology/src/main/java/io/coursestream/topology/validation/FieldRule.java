package io.coursestream.topology.validation;

import java.util.Optional;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/** "The value at this path passes this check", for every value the path finds; absent optional values pass. */
public final class FieldRule implements EventRule {

    private static final int MAX_QUOTED_LENGTH = 80;

    private final FieldPath path;
    private final FieldCheck check;

    private FieldRule(FieldPath path, FieldCheck check) {
        this.path = path;
        this.check = check;
    }

    /**
     * A rule for {@code path} in records of {@code schema}.
     *
     * @throws IllegalArgumentException when the path does not resolve or the check cannot read the field's type
     */
    public static FieldRule of(Schema schema, String path, FieldCheck check) {
        FieldPath resolved = FieldPath.resolve(schema, path);
        if (!check.appliesTo(resolved.leafSchema())) {
            throw new IllegalArgumentException(schema.getName() + "." + path + " is " + resolved.leafSchema()
                    + ": check " + check + " does not apply to it");
        }
        return new FieldRule(resolved, check);
    }

    /** The rule's id: {@code <path>:<check>}. */
    public String id() {
        return path.path() + ":" + check.id();
    }

    @Override
    public Optional<Violation> check(SpecificRecord event, Arrival arrival) {
        return path.valuesIn(event).stream()
                .filter(value -> !check.accepts(value, arrival))
                .findFirst()
                .map(value -> new Violation(id(),
                        path.path() + " must be " + check.expectation() + ", was " + quote(value)));
    }

    @Override
    public String toString() {
        return id();
    }

    private static String quote(Object value) {
        String text = String.valueOf(value);
        return "'" + (text.length() > MAX_QUOTED_LENGTH ? text.substring(0, MAX_QUOTED_LENGTH) + "..." : text) + "'";
    }
}

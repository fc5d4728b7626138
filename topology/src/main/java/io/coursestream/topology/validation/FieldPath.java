package io.coursestream.topology.validation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * A dotted path to a field inside an Avro record, resolved against the record's schema once:
 * {@code amount.currency}, {@code buyer.email}, {@code episodes[].episodeId} ({@code []} visits every element).
 * Optional fields and records are unwrapped; an absent value along the way yields no values, so optional
 * fields are only checked when present.
 */
public final class FieldPath {

    private final String path;
    private final List<Step> steps;
    private final Schema leaf;

    private FieldPath(String path, List<Step> steps, Schema leaf) {
        this.path = path;
        this.steps = List.copyOf(steps);
        this.leaf = leaf;
    }

    /**
     * Resolves {@code path} in {@code recordSchema}.
     *
     * @throws IllegalArgumentException when a step names no field, or {@code []} follows a field that is not an array
     */
    public static FieldPath resolve(Schema recordSchema, String path) {
        List<Step> steps = new ArrayList<>();
        Schema current = recordSchema;
        for (String part : path.split("\\.", -1)) {
            boolean eachElement = part.endsWith("[]");
            String name = eachElement ? part.substring(0, part.length() - 2) : part;
            Schema record = nonNull(current);
            if (record.getType() != Schema.Type.RECORD) {
                throw new IllegalArgumentException(path + ": " + record.getFullName() + " is not a record");
            }
            Schema.Field field = record.getField(name);
            if (field == null) {
                throw new IllegalArgumentException(path + ": no field '" + name + "' in " + record.getFullName());
            }
            current = nonNull(field.schema());
            if (eachElement) {
                if (current.getType() != Schema.Type.ARRAY) {
                    throw new IllegalArgumentException(path + ": '" + name + "' is not an array");
                }
                current = nonNull(current.getElementType());
            }
            steps.add(new Step(field.pos(), eachElement));
        }
        return new FieldPath(path, steps, current);
    }

    /** The path as written. */
    public String path() {
        return path;
    }

    /** The schema of the values the path leads to, with {@code null} unwrapped from optional fields. */
    public Schema leafSchema() {
        return leaf;
    }

    /** The non-null values at this path in {@code record}: none, one, or one per array element. */
    public List<Object> valuesIn(IndexedRecord record) {
        List<Object> current = List.of(record);
        for (Step step : steps) {
            List<Object> next = new ArrayList<>();
            for (Object holder : current) {
                Object value = ((IndexedRecord) holder).get(step.position());
                if (value == null) {
                    continue;
                }
                if (step.eachElement()) {
                    ((Collection<?>) value).stream().filter(element -> element != null).forEach(next::add);
                } else {
                    next.add(value);
                }
            }
            current = next;
        }
        return current;
    }

    @Override
    public String toString() {
        return path;
    }

    private static Schema nonNull(Schema schema) {
        if (schema.getType() != Schema.Type.UNION) {
            return schema;
        }
        List<Schema> branches = schema.getTypes().stream().filter(branch -> branch.getType() != Schema.Type.NULL).toList();
        if (branches.size() != 1) {
            throw new IllegalArgumentException("only optional unions [null, T] are supported, not " + schema);
        }
        return branches.get(0);
    }

    private record Step(int position, boolean eachElement) {
    }
}

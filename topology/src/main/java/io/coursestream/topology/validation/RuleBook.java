package io.coursestream.topology.validation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * The rules each event type must satisfy, kept as data: field rules ({@code amount.currency} is a
 * {@link FieldCheck#CURRENCY_CODE}) plus a few named whole-event rules. Paths and checks are resolved against
 * the type's schema when the book is built, so a typo or a renamed field fails at start-up, not per record.
 */
public final class RuleBook {

    private final Map<Class<? extends SpecificRecord>, List<EventRule>> rulesByType;

    private RuleBook(Map<Class<? extends SpecificRecord>, List<EventRule>> rulesByType) {
        this.rulesByType = Map.copyOf(rulesByType);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every violation of {@code event}'s rules; empty when the event is valid. */
    public List<Violation> check(SpecificRecord event, Arrival arrival) {
        List<Violation> violations = new ArrayList<>();
        for (EventRule rule : rulesFor(event.getClass())) {
            rule.check(event, arrival).ifPresent(violations::add);
        }
        return violations;
    }

    /** The rules of one type, in the order they were declared. */
    public List<EventRule> rulesFor(Class<?> type) {
        return rulesByType.getOrDefault(type, List.of());
    }

    /** The types this book has rules for. */
    public Set<Class<? extends SpecificRecord>> types() {
        return rulesByType.keySet();
    }

    /** Collects rules per type. */
    public static final class Builder {

        private final Map<Class<? extends SpecificRecord>, List<EventRule>> rulesByType = new LinkedHashMap<>();

        private Builder() {
        }

        /** Adds rules for {@code type}; may be called again for the same type to add more. */
        public <T extends SpecificRecord> Builder type(Class<T> type, Consumer<TypeRules<T>> rules) {
            TypeRules<T> typeRules = new TypeRules<>(type);
            rules.accept(typeRules);
            rulesByType.computeIfAbsent(type, ignored -> new ArrayList<>()).addAll(typeRules.rules);
            return this;
        }

        public RuleBook build() {
            Map<Class<? extends SpecificRecord>, List<EventRule>> copy = new LinkedHashMap<>();
            rulesByType.forEach((type, rules) -> copy.put(type, List.copyOf(rules)));
            return new RuleBook(copy);
        }
    }

    /** The rules of one event type, declared fluently. */
    public static final class TypeRules<T extends SpecificRecord> {

        private final Class<T> type;
        private final Schema schema;
        private final List<EventRule> rules = new ArrayList<>();

        private TypeRules(Class<T> type) {
            this.type = type;
            this.schema = SpecificData.get().getSchema(type);
        }

        /** The type's schema, for rules derived from it. */
        public Schema schema() {
            return schema;
        }

        /** Every value at {@code path} must pass each of {@code checks}. */
        public TypeRules<T> field(String path, FieldCheck... checks) {
            for (FieldCheck check : checks) {
                rules.add(FieldRule.of(schema, path, check));
            }
            return this;
        }

        /**
         * A rule that spans fields: {@code holds} must be true of the event.
         *
         * @param name        the rule id in violations, kebab case
         * @param expectation what the rule demands, as a sentence for the dead-letter message
         */
        public TypeRules<T> rule(String name, String expectation, Predicate<T> holds) {
            rules.add((event, arrival) -> holds.test(type.cast(event))
                    ? Optional.empty()
                    : Optional.of(new Violation(name, expectation)));
            return this;
        }
    }
}

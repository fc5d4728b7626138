package io.coursestream.topology.validation;

/**
 * One broken rule.
 *
 * @param rule    a stable id: {@code <field path>:<check>} for field rules ({@code amount.currency:currency-code}),
 *                the rule's own name for whole-event rules ({@code total-chunks-cover-size})
 * @param message what was expected, for people reading the dead-letter headers
 */
public record Violation(String rule, String message) {

    @Override
    public String toString() {
        return "[" + rule + "] " + message;
    }
}

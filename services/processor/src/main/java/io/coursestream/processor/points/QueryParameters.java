package io.coursestream.processor.points;

/**
 * Whole-number query parameters read as text, so a malformed one is a 400 with a message rather than JAX-RS' bare
 * 404 for a parameter it cannot convert.
 */
final class QueryParameters {

    private QueryParameters() {
    }

    /** {@code value} as an int, {@code absent} when it is null or empty. */
    static int wholeNumber(String name, String value, int absent) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, was '" + value + "'");
        }
    }

    /** {@code value} as a long; it must be present. */
    static long requiredLong(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, was '" + value + "'");
        }
    }
}

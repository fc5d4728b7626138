package io.coursestream.topology.streams;

/**
 * Numbers in state store keys: a non-negative long as its decimal digits zero-padded to {@value #WIDTH}, the width of
 * {@link Long#MAX_VALUE}, so the keys' byte order (RocksDB's) is the numbers' order. What
 * {@code String.format("%019d", value)} writes, without the formatter's cost on the per-record path.
 */
public final class SortableKeys {

    public static final int WIDTH = 19;
    private static final String ZEROS = "0".repeat(WIDTH);

    private SortableKeys() {
    }

    /** {@code value} as {@value #WIDTH} decimal digits; {@code value} must not be negative. */
    public static String digits(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("a sortable key number must not be negative, got " + value);
        }
        String digits = Long.toString(value);
        return ZEROS.substring(digits.length()) + digits;
    }
}

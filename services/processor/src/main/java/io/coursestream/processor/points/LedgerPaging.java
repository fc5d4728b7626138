package io.coursestream.processor.points;

import java.util.Optional;

/**
 * One page of a user's ledger, newest entry first: page 0 holds the latest {@code size} entries. Ledger entries are
 * numbered from 0 in the order they were written ({@code PointsStores.ledgerKey}), so a page is a range of sequence
 * numbers.
 */
record LedgerPaging(int page, int size) {

    static final int DEFAULT_SIZE = 50;
    static final int MAX_SIZE = 500;

    /** The sequence numbers of one page, both inclusive, {@code first <= last}; read from {@code last} down. */
    record Sequences(long first, long last) {
    }

    LedgerPaging {
        if (page < 0) {
            throw new IllegalArgumentException("page must be 0 or more, was " + page);
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("size must be between 1 and " + MAX_SIZE + ", was " + size);
        }
    }

    /**
     * The query parameters as given; absent ones take their defaults (page 0, size {@value #DEFAULT_SIZE}).
     *
     * @throws IllegalArgumentException with a message for the caller when a value is not a whole number or out of
     *                                  range
     */
    static LedgerPaging parse(String page, String size) {
        return new LedgerPaging(QueryParameters.wholeNumber("page", page, 0),
                QueryParameters.wholeNumber("size", size, DEFAULT_SIZE));
    }

    /** The entries of this page among {@code totalEntries}; empty past the oldest entry. */
    Optional<Sequences> sequences(long totalEntries) {
        long last = totalEntries - 1 - (long) page * size;
        if (last < 0) {
            return Optional.empty();
        }
        return Optional.of(new Sequences(Math.max(0, last - size + 1), last));
    }
}

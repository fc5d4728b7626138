package io.coursestream.processor.points;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code /api/leaderboard}: the users with the highest totals over every partition, with competition ranking (ties
 * share a rank and the next rank skips: 1, 2, 2, 4). Ties are listed by user id, as the ranking store orders them.
 */
public record Leaderboard(int top, List<Entry> entries) {

    static final int DEFAULT_TOP = 10;
    static final int MAX_TOP = 100;

    /** One place on the leaderboard. */
    public record Entry(long rank, String userId, long totalPoints, int level) {
    }

    /** A user as one partition's ranking store lists it, before the ranks are known. */
    public record Candidate(String userId, long totalPoints, int level) {
    }

    private static final Comparator<Candidate> HIGHEST_FIRST = Comparator.comparingLong(Candidate::totalPoints)
            .reversed().thenComparing(Candidate::userId);

    /**
     * The leaderboard of {@code top} from each partition's own top {@code top}: the overall top {@code top} is among
     * them, and every user with a higher total than a listed one is listed too, so the ranks are exact.
     */
    static Leaderboard merge(int top, Collection<? extends Collection<Candidate>> partitionTops) {
        List<Candidate> all = new ArrayList<>();
        partitionTops.forEach(all::addAll);
        all.sort(HIGHEST_FIRST);
        List<Entry> entries = new ArrayList<>(Math.min(top, all.size()));
        Set<String> listed = new HashSet<>();
        long rank = 0;
        Long previousTotal = null;
        for (Candidate candidate : all) {
            if (entries.size() == top) {
                break;
            }
            if (!listed.add(candidate.userId())) {
                continue;
            }
            if (previousTotal == null || candidate.totalPoints() != previousTotal) {
                rank = entries.size() + 1;
                previousTotal = candidate.totalPoints();
            }
            entries.add(new Entry(rank, candidate.userId(), candidate.totalPoints(), candidate.level()));
        }
        return new Leaderboard(top, List.copyOf(entries));
    }

    /**
     * The {@code top} query parameter, {@value #DEFAULT_TOP} when absent.
     *
     * @throws IllegalArgumentException with a message for the caller when out of 1..{@value #MAX_TOP}
     */
    static int parseTop(String top) {
        int value = QueryParameters.wholeNumber("top", top, DEFAULT_TOP);
        if (value < 1 || value > MAX_TOP) {
            throw new IllegalArgumentException("top must be between 1 and " + MAX_TOP + ", was " + value);
        }
        return value;
    }
}

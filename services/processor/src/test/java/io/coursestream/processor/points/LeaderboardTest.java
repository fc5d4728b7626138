// Tier: unit (merging the instances' partition tops into one leaderboard, no Kafka)
package io.coursestream.processor.points;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.coursestream.processor.points.Leaderboard.Candidate;
import io.coursestream.processor.points.Leaderboard.Entry;

class LeaderboardTest {

    @Test
    void shouldMergePartitionTopsHighestFirstWithCompetitionRanks() {
        // given each partition's own top 4, highest first
        List<Candidate> partition0 = List.of(new Candidate("ada", 500, 4), new Candidate("cy", 300, 3));
        List<Candidate> partition1 = List.of(new Candidate("bo", 300, 3), new Candidate("di", 300, 3),
                new Candidate("ed", 90, 1));
        List<Candidate> partition2 = List.of();

        // when
        Leaderboard board = Leaderboard.merge(4, List.of(partition0, partition1, partition2));

        // then ties share a rank, the next rank skips, tied users are listed by id
        assertThat(board.top()).isEqualTo(4);
        assertThat(board.entries()).containsExactly(
                new Entry(1, "ada", 500, 4),
                new Entry(2, "bo", 300, 3),
                new Entry(2, "cy", 300, 3),
                new Entry(2, "di", 300, 3));
    }

    @Test
    void shouldRankTheEntryAfterATieByItsPlace() {
        Leaderboard board = Leaderboard.merge(10, List.of(List.of(new Candidate("a", 10, 1), new Candidate("b", 10, 1)),
                List.of(new Candidate("c", 5, 1), new Candidate("d", 0, 1))));

        assertThat(board.entries()).extracting(Entry::rank).containsExactly(1L, 1L, 3L, 4L);
    }

    @Test
    void shouldListAUserOnceWhenTwoAnswersNameThem() {
        Leaderboard board = Leaderboard.merge(3, List.of(List.of(new Candidate("a", 10, 1)),
                List.of(new Candidate("a", 10, 1), new Candidate("b", 7, 1))));

        assertThat(board.entries()).containsExactly(new Entry(1, "a", 10, 1), new Entry(2, "b", 7, 1));
    }

    @Test
    void shouldBeEmptyWithoutUsers() {
        assertThat(Leaderboard.merge(10, List.of(List.of(), List.of())).entries()).isEmpty();
    }

    @Test
    void shouldAcceptATopOfOneToAHundred() {
        assertThat(Leaderboard.parseTop(null)).isEqualTo(10);
        assertThat(Leaderboard.parseTop("100")).isEqualTo(100);
        assertThatThrownBy(() -> Leaderboard.parseTop("0")).hasMessage("top must be between 1 and 100, was 0");
        assertThatThrownBy(() -> Leaderboard.parseTop("101")).hasMessage("top must be between 1 and 100, was 101");
        assertThatThrownBy(() -> Leaderboard.parseTop("ten")).hasMessage("top must be a whole number, was 'ten'");
    }
}

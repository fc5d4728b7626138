// Tier: unit (gathering per-partition answers of several instances, no Kafka)
package io.coursestream.processor.points;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.coursestream.processor.queries.QueryUnavailableException;

class PartitionAnswersTest {

    @Test
    void shouldKeepOneAnswerPerPartition() {
        // given two instances that both answered for partition 1 during a rebalance
        PartitionAnswers<Long> answers = new PartitionAnswers<>(3);
        answers.addAll(Map.of(0, 4L, 1, 2L));
        answers.addAll(Map.of(1, 99L, 2, 1L));

        // then the first answer for partition 1 counts, once
        assertThat(answers.complete(List.of())).containsExactly(Map.entry(0, 4L), Map.entry(1, 2L),
                Map.entry(2, 1L));
    }

    @Test
    void shouldRefuseAnAnswerThatMissesAPartition() {
        // given nobody answered for partition 2
        PartitionAnswers<Long> answers = new PartitionAnswers<>(3);
        answers.addAll(Map.of(0, 4L, 1, 2L));

        // then
        assertThat(answers.missing()).containsExactly(2);
        assertThatThrownBy(() -> answers.complete(List.of("127.0.0.1:8082 did not answer within 2 s")))
                .isInstanceOf(QueryUnavailableException.class)
                .hasMessageContaining("partitions [2]")
                .hasMessageContaining("127.0.0.1:8082 did not answer within 2 s");
    }
}

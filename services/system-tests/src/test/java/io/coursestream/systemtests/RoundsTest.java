// Tier: unit test (no broker, no processes).
package io.coursestream.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.junit.jupiter.api.Test;

class RoundsTest {

    @Test
    void shouldRunTheWarmUpsUntimedThenTheTimedRoundsEachPhaseInTurn() throws Exception {
        // given phases that report the number of their call, and note it
        List<String> calls = new ArrayList<>();
        int[] runs = {0, 0};

        // when two untimed rounds and one timed
        Rounds<Integer, Integer> rounds = Rounds.run(() -> call(calls, "measured", ++runs[0]), Integer::doubleValue,
                () -> call(calls, "baseline", ++runs[1]), Integer::doubleValue, 2, 1);

        // then each phase ran in turn, its first two runs untimed and its third timed
        assertThat(calls).containsExactly("measured 1", "baseline 1", "measured 2", "baseline 2", "measured 3",
                "baseline 3");
        assertThat(rounds.measured()).isEqualTo(3);
        assertThat(rounds.baseline()).isEqualTo(3);
        assertThat(rounds.summary("measured", "baseline", "per second"))
                .contains("measured              untimed 1, 2; timed 3 per second")
                .contains("baseline              untimed 1, 2; timed 3 per second");
    }

    private static int call(List<String> calls, String phase, int run) {
        calls.add(phase + " " + run);
        return run;
    }

    @Test
    void shouldGiveEachPhasesMedianTimedRound() throws Exception {
        // given timed rounds whose middle throughput is neither the first nor the last
        Iterator<Double> measured = List.of(1_080.0, 4_016.0, 3_333.0, 3_783.0).iterator();
        Iterator<Double> baseline = List.of(8_002.0, 11_852.0, 21_029.0, 13_874.0).iterator();

        // when one warm-up and three timed rounds
        Rounds<Double, Double> rounds = Rounds.run(measured::next, Double::doubleValue, baseline::next,
                Double::doubleValue, 1, 3);

        // then
        assertThat(rounds.measured()).isEqualTo(3_783.0);
        assertThat(rounds.baseline()).isEqualTo(13_874.0);
        assertThat(rounds.summary("job runtime", "raw consume+produce", "jobs/s")).isEqualTo(String.format(
                "rounds, each phase in turn: 1 untimed, then 3 timed (the figures above are the median timed round's)"
                        + "%n    job runtime           untimed 1080; timed 4016, 3333, 3783 jobs/s"
                        + "%n    raw consume+produce   untimed 8002; timed 11852, 21029, 13874 jobs/s"));
    }

    @Test
    void shouldTakeTheSlowerOfTheMiddleTwoOfAnEvenCount() throws Exception {
        Iterator<Double> measured = List.of(4.0, 1.0, 3.0, 2.0).iterator();

        Rounds<Double, Double> rounds = Rounds.run(measured::next, Double::doubleValue, () -> 1.0,
                Double::doubleValue, 0, 4);

        assertThat(rounds.measured()).isEqualTo(2.0);
    }

    @Test
    void shouldRefuseFewerThanOneTimedRound() {
        System.setProperty(Rounds.TIMED, "0");
        try {
            assertThatThrownBy(() -> Rounds.run(() -> 1.0, Double::doubleValue, () -> 1.0, Double::doubleValue))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(Rounds.TIMED);
        } finally {
            System.clearProperty(Rounds.TIMED);
        }
    }
}

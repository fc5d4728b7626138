// Tier: unit test (no broker, no processes).
package io.coursestream.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class MachineCpuTest {

    @Test
    void shouldCountUserNiceSystemIrqAndSoftirqTicksButNotIdleIowaitOrSteal() {
        // given /proc/stat's all-CPU line: user 100, nice 2, system 30, idle 5000, iowait 40, irq 3, softirq 5,
        // steal 700, guest 0, guest_nice 0 (ticks of 10 ms)
        String line = "cpu  100 2 30 5000 40 3 5 700 0 0";

        // when
        long busy = MachineCpu.busyNanos(line);

        // then 140 ticks
        assertThat(busy).isEqualTo(140 * 10_000_000L);
    }

    @Test
    void shouldRefuseALineOfOneCpu() {
        assertThatThrownBy(() -> MachineCpu.busyNanos("cpu0 100 2 30 5000 40 3 5 700 0 0"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cpu0");
    }

    @Test
    void shouldGiveTheRunsCpuPerItemOnTheMachineAndInThisJvm() {
        // given 2 s of the machine's CPU and 0.5 s of this JVM's over 10,000 events
        MachineCpu.Sample start = new MachineCpu.Sample(1_000_000_000L, 300_000_000L, Map.of());
        MachineCpu.Sample end = new MachineCpu.Sample(3_000_000_000L, 800_000_000L, Map.of());

        // when
        String line = MachineCpu.perItem(start, end, 10_000, "event");

        // then
        assertThat(line).isEqualTo("CPU 200 µs per event on the whole machine, 50 µs of it in the benchmark's JVM"
                + " (the broker and the load)");
    }

    @Test
    void shouldGiveEachApplicationProcessItsShareInTheOrderSampled() {
        // given over 1,000 jobs 1 s of the processor's CPU, 0.2 s of the workers', none known of a process that ended
        Map<String, Long> before = new LinkedHashMap<>();
        before.put("processor-0", 4_000_000_000L);
        before.put("workers", 2_000_000_000L);
        before.put("gone", 1_000_000_000L);
        Map<String, Long> after = new LinkedHashMap<>();
        after.put("processor-0", 5_000_000_000L);
        after.put("workers", 2_200_000_000L);
        after.put("gone", -1L);

        // when
        String line = MachineCpu.perItem(new MachineCpu.Sample(0, 0, before),
                new MachineCpu.Sample(3_000_000_000L, 500_000_000L, after), 1_000, "job");

        // then
        assertThat(line).isEqualTo("CPU 3000 µs per job on the whole machine, 500 µs of it in the benchmark's JVM"
                + " (the broker and the load), processor-0 1000 µs, workers 200 µs, gone not known");
    }

    @Test
    void shouldSampleTheCpuOfTheProcessesItIsGiven() {
        // when this JVM is sampled as a named process
        MachineCpu.Sample sample = MachineCpu.sample(Map.of("this", ProcessHandle.current()));

        // then its CPU is known, and no more than the whole JVM's sampled after it
        assertThat(sample.processNanos().get("this")).isPositive()
                .isLessThanOrEqualTo(MachineCpu.sample(Map.of()).jvmNanos());
    }

    @Test
    void shouldSayWhenTheMachinesCpuIsNotKnown() {
        assertThat(MachineCpu.perItem(new MachineCpu.Sample(-1, 0, Map.of()), new MachineCpu.Sample(-1, 5, Map.of()),
                10, "job")).isEqualTo("CPU per job: not known here (no /proc/stat)");
    }
}

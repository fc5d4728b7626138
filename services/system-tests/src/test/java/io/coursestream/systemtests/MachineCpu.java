package io.coursestream.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * CPU time a benchmark's measured run cost: the whole machine's (every process: the broker, the registry, the
 * processor, the workers, the load), this JVM's share of it (the in-JVM broker and the load generator) and each
 * application process's, per item measured. A run saturates both cores, so its throughput follows the CPU an item
 * costs, and the split shows which side a change moved: the broker and the load, or which application.
 *
 * <p>The machine's busy time is Linux's {@code /proc/stat}: user, nice, system, irq and softirq time; idle, iowait
 * and steal (time the hypervisor gave to other guests) are not counted.
 */
final class MachineCpu {

    private static final Path PROC_STAT = Path.of("/proc/stat");
    /** The unit of {@code /proc/stat}, Linux's USER_HZ: 100 a second on every architecture. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    /**
     * Busy nanoseconds of the machine, of this JVM and of each named process at one moment; -1 where not known.
     */
    record Sample(long machineNanos, long jvmNanos, Map<String, Long> processNanos) {
    }

    private MachineCpu() {
    }

    /** A sample of the machine, this JVM and {@code processes} (the applications, by name). */
    static Sample sample(Map<String, ProcessHandle> processes) {
        long jvm = cpuNanos(ProcessHandle.current());
        Map<String, Long> processNanos = new LinkedHashMap<>();
        processes.forEach((name, process) -> processNanos.put(name, cpuNanos(process)));
        if (!Files.isReadable(PROC_STAT)) {
            return new Sample(-1, jvm, processNanos);
        }
        try {
            return new Sample(busyNanos(Files.readAllLines(PROC_STAT).get(0)), jvm, processNanos);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + PROC_STAT, e);
        }
    }

    private static long cpuNanos(ProcessHandle process) {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    /** The busy time in {@code /proc/stat}'s first line: {@code cpu user nice system idle iowait irq softirq ...}. */
    static long busyNanos(String cpuLine) {
        String[] ticks = cpuLine.trim().split("\\s+");
        if (!ticks[0].equals("cpu") || ticks.length < 8) {
            throw new IllegalArgumentException("not the all-CPU line of /proc/stat: " + cpuLine);
        }
        long busy = 0;
        for (int field : new int[] {1, 2, 3, 6, 7}) {
            busy += Long.parseLong(ticks[field]);
        }
        return busy * NANOS_PER_TICK;
    }

    /** What the run between the samples cost per {@code item}, one line. */
    static String perItem(Sample start, Sample end, long items, String item) {
        if (start.machineNanos() < 0 || end.machineNanos() < 0) {
            return "CPU per " + item + ": not known here (no /proc/stat)";
        }
        double machine = (end.machineNanos() - start.machineNanos()) / 1e3 / items;
        double jvm = (end.jvmNanos() - start.jvmNanos()) / 1e3 / items;
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "CPU %.0f µs per %s on the whole machine,"
                + " %.0f µs of it in the benchmark's JVM (the broker and the load)", machine, item, jvm));
        start.processNanos().forEach((name, before) -> {
            long after = end.processNanos().getOrDefault(name, -1L);
            line.append(", ").append(name).append(before < 0 || after < 0 ? " not known"
                    : String.format(Locale.ROOT, " %.0f µs", (after - before) / 1e3 / items));
        });
        return line.toString();
    }
}

package io.coursestream.systemtests;

import static io.coursestream.systemtests.BenchClients.awaitAssignment;
import static io.coursestream.systemtests.BenchClients.percentile;
import static io.coursestream.systemtests.BenchClients.readUntil;
import static io.coursestream.systemtests.BenchClients.runAndExit;
import static io.coursestream.systemtests.BenchClients.seconds;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

import io.coursestream.admin.ProbeJobs;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.schemas.jobs.JobStarted;
import io.coursestream.schemas.jobs.JobSucceeded;
import io.coursestream.schemas.jobs.ProbeJob;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.testkit.TestEnvironment;
import io.coursestream.topology.jobs.JobDispatch;

/**
 * {@code scripts/bench jobs}: no-op jobs through the job runtime against raw consume+produce, on one broker, in one
 * run. The broker, registry, processor and workers are the system tests' (one in-JVM broker, the applications as
 * processes with their default settings).
 *
 * <ul>
 *   <li><b>raw</b>: the same job commands written to a topic of the queue topics' partition count; one consumer
 *       (the workers' defaults: one member per queue) turns each into one report on another topic, committing after
 *       its reports are acknowledged (at-least-once, as the workers). Jobs/s from the first write to the last report
 *       read.</li>
 *   <li><b>runtime</b>: probe jobs that do no work, dispatched as the admin CLI and the contexts dispatch a job with
 *       nothing to hold ({@link JobDispatch}: the command on {@code jobs.default} and its {@code JobDispatched} in
 *       one transaction, here a thousand jobs to a transaction), run by the workers and taken up by the processor's
 *       job runtime (exactly-once); jobs/s from the first write until the processor has committed every
 *       {@code JobDispatched} and every worker report (each job taken up, its outcome recorded: its status final),
 *       not only until the last {@code JobSucceeded} is written. The milestones (all started, succeeded, taken up
 *       and recorded) are printed too.</li>
 *   <li><b>latency</b>: probe jobs dispatched at half the runtime's measured throughput, paced, each transaction
 *       taking every job that fell due while the one before committed (a group commit); from the moment a job fell
 *       due (its {@code enqueuedAt}) to its start ({@code JobStarted}) p50 and p99, and apart from it how long after
 *       the last job fell due the processor had taken up and recorded every job (its reports committed).</li>
 * </ul>
 *
 * The runtime and raw take turns, full size, five times untimed and three times timed ({@link Rounds}); the
 * throughputs and CPU printed are each phase's median timed round's, the latency phase paced at half the runtime's
 * median. The JIT compiles the hot paths of the broker, the processor and the workers through the first rounds (C2
 * took about half of both cores through a runtime run that followed a 50-job warm-up, and that run measured half the
 * jobs/s of a warm one).
 *
 * <p>Arguments: {@code [jobs] [latency-jobs] [latency-rate]} (default 30000, 5000 and half the runtime's throughput).
 */
public final class JobsBenchmark {

    private static final Duration TIMEOUT = BenchClients.TIMEOUT;
    private static final String RAW_IN = "bench.raw-commands";
    private static final String RAW_OUT = "bench.raw-reports";
    private static final String REQUESTER = "bench";
    /** Jobs per dispatching transaction in the throughput runs. */
    private static final int DISPATCH_BATCH = 1_000;

    private final TestEnvironment env;
    private final BenchClients clients;
    /** The processor's base URL. */
    private final String api;
    /** The processor's and the workers' processes, whose CPU each run reports. */
    private final Map<String, ProcessHandle> applications;

    private JobsBenchmark(TestEnvironment env, Applications apps) {
        this.env = env;
        this.clients = new BenchClients(env);
        this.api = apps.api();
        this.applications = apps.running();
    }

    public static void main(String[] args) {
        runAndExit(() -> {
            int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 30_000;
            int latencyJobs = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
            double latencyRate = args.length > 2 ? Double.parseDouble(args[2]) : 0;
            TestEnvironment env = TestEnvironment.get();
            Path stateDir = Files.createTempDirectory("coursestream-bench-jobs");
            try (Applications apps = Applications.start(env, stateDir)) {
                JobsBenchmark bench = new JobsBenchmark(env, apps);
                // untimed rounds first: JIT compilation, registry caches, group joins
                Rounds<RuntimeRun, RawRun> rounds = Rounds.run(() -> bench.runtime(jobs),
                        RuntimeRun::jobsPerSecond, () -> bench.raw(jobs), RawRun::jobsPerSecond);
                RuntimeRun runtime = rounds.measured();
                double rate = latencyRate > 0 ? latencyRate : runtime.jobsPerSecond() / 2;
                Latencies latencies = bench.latencies(latencyJobs, rate);
                print(jobs, rounds.baseline(), runtime, rate, latencyRate > 0, latencies);
                System.out.printf(Locale.ROOT, "  %s%n", rounds.summary("job runtime", "raw consume+produce",
                        "jobs/s"));
            }
        });
    }

    private static void print(int jobs, RawRun raw, RuntimeRun runtime, double rate, boolean rateGiven,
            Latencies latencies) {
        System.out.printf(Locale.ROOT, "%nscripts/bench jobs (%d no-op jobs; latency: %d jobs at %.0f jobs/s)%n",
                jobs, latencies.toStart().length, rate);
        System.out.printf(Locale.ROOT, "  raw consume+produce   %8.1f jobs/s%n", raw.jobsPerSecond());
        System.out.printf(Locale.ROOT, "    %s%n", raw.cpu());
        System.out.printf(Locale.ROOT, "  job runtime           %8.1f jobs/s   ratio to raw %.2f (target >= 0.50)%n",
                runtime.jobsPerSecond(), runtime.jobsPerSecond() / raw.jobsPerSecond());
        System.out.printf(Locale.ROOT, "                        (%s)%n", runtime.stages());
        System.out.printf(Locale.ROOT, "    %s%n", runtime.cpu());
        System.out.printf(Locale.ROOT, "    processor stream thread: %s%n", runtime.streamThreads());
        System.out.printf(Locale.ROOT, "  enqueue to start      p50 %d ms, p99 %d ms at %s (target p99 < 250 ms at half"
                + " load)%n", percentile(latencies.toStart(), 50), percentile(latencies.toStart(), 99),
                rateGiven ? String.format(Locale.ROOT, "%.1f jobs/s", rate) : "half load");
        System.out.printf(Locale.ROOT, "                        (the processor had taken up and recorded every job"
                + " %d ms after the last fell due)%n", latencies.recordedAfterLastMillis());
    }

    /** A raw run: its jobs per second, and the CPU a job cost. */
    private record RawRun(double jobsPerSecond, String cpu) {
    }

    /** Raw consume+produce of {@code count} commands. */
    private RawRun raw(int count) throws Exception {
        clients.createTopics(List.of(RAW_IN, RAW_OUT), Topics.JOBS_DEFAULT.partitions());
        String run = UUID.randomUUID().toString();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch assigned = new CountDownLatch(1);
        Thread worker = new Thread(() -> rawWorker(run, stop, assigned), "bench-raw-worker");
        try (KafkaConsumer<String, SpecificRecord> reports = clients.consumer("bench-raw-reader-" + run, "latest");
                KafkaProducer<String, SpecificRecord> producer = clients.producer()) {
            reports.subscribe(List.of(RAW_OUT));
            awaitAssignment(reports);
            worker.start();
            if (!assigned.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the raw worker got no partitions within " + TIMEOUT);
            }
            List<JobCommand> commands = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                commands.add(ProbeJobs.probe(JobQueue.DEFAULT, noOp(), null, null, Instant.now()));
            }
            MachineCpu.Sample cpuAtStart = MachineCpu.sample(applications);
            long started = System.nanoTime();
            for (JobCommand command : commands) {
                producer.send(new ProducerRecord<>(RAW_IN, command.getJobId(), command));
            }
            producer.flush();
            Set<String> done = new HashSet<>();
            Set<String> expected = new HashSet<>();
            commands.forEach(command -> expected.add(command.getJobId()));
            readUntil(reports, record -> {
                if (record.value() instanceof JobCommand report && expected.contains(report.getJobId())) {
                    done.add(report.getJobId());
                }
                return done.size() == count;
            });
            double seconds = seconds(started);
            return new RawRun(count / seconds,
                    MachineCpu.perItem(cpuAtStart, MachineCpu.sample(applications), count, "job"));
        } finally {
            stop.set(true);
            worker.join();
        }
    }

    /** The raw worker: read a command, write a report, commit once the reports are acknowledged. */
    private void rawWorker(String run, AtomicBoolean stop, CountDownLatch assigned) {
        try (KafkaConsumer<String, SpecificRecord> commands =
                clients.consumer("bench-raw-worker-" + run, "latest");
                KafkaProducer<String, SpecificRecord> reports = clients.producer()) {
            commands.subscribe(List.of(RAW_IN));
            awaitAssignment(commands);
            assigned.countDown();
            while (!stop.get()) {
                var records = commands.poll(Duration.ofMillis(100));
                for (ConsumerRecord<String, SpecificRecord> record : records) {
                    reports.send(new ProducerRecord<>(RAW_OUT, record.key(), record.value()));
                }
                if (!records.isEmpty()) {
                    reports.flush();
                    commands.commitSync();
                }
            }
        }
    }

    /**
     * A runtime run: its jobs per second, its milestones from its first write, the CPU a job cost, and where the
     * processor's stream threads spent it.
     */
    private record RuntimeRun(double jobsPerSecond, String stages, String cpu, String streamThreads) {
    }

    /** {@code count} no-op probe jobs through the runtime as fast as they can be dispatched. */
    private RuntimeRun runtime(int count) throws Exception {
        try (KafkaConsumer<String, SpecificRecord> lifecycle =
                clients.consumer("bench-lifecycle-" + UUID.randomUUID(), "latest");
                KafkaProducer<String, SpecificRecord> producer = dispatcher()) {
            lifecycle.subscribe(List.of(Topics.JOB_LIFECYCLE.name()));
            awaitAssignment(lifecycle);
            List<JobCommand> jobs = new ArrayList<>();
            Set<String> expected = new HashSet<>();
            for (int i = 0; i < count; i++) {
                JobCommand job = ProbeJobs.probe(JobQueue.DEFAULT, noOp(), null, null, Instant.now());
                expected.add(job.getJobId());
                jobs.add(job);
            }
            StreamThreadTime.Sample threadsAtStart = StreamThreadTime.sample(api);
            MachineCpu.Sample cpuAtStart = MachineCpu.sample(applications);
            long started = System.nanoTime();
            for (int from = 0; from < count; from += DISPATCH_BATCH) {
                dispatch(producer, jobs.subList(from, Math.min(count, from + DISPATCH_BATCH)));
            }
            Set<String> done = new HashSet<>();
            Set<String> begun = new HashSet<>();
            long[] at = new long[2];
            readUntil(lifecycle, record -> {
                if (record.value() instanceof JobSucceeded succeeded && expected.contains(succeeded.getJobId())) {
                    if (done.add(succeeded.getJobId()) && done.size() == count) {
                        at[1] = System.nanoTime();
                    }
                } else if (record.value() instanceof JobStarted job && expected.contains(job.getJobId())
                        && begun.add(job.getJobId()) && begun.size() == count) {
                    at[0] = System.nanoTime();
                }
                return done.size() == count;
            });
            // A job is through the runtime once the scheduler has taken it up from its JobDispatched and has its
            // outcome (status final): the latency phase then starts with no backlog in the processor.
            awaitProcessorCommitted();
            double recorded = seconds(started);
            String cpu = MachineCpu.perItem(cpuAtStart, MachineCpu.sample(applications), count, "job");
            String streamThreads = StreamThreadTime.between(threadsAtStart, StreamThreadTime.sample(api));
            String stages = String.format(Locale.ROOT, "all started after %.2f s, succeeded %.2f s, taken up and "
                    + "recorded %.2f s", (at[0] - started) / 1e9, (at[1] - started) / 1e9, recorded);
            return new RuntimeRun(count / recorded, stages, cpu, streamThreads);
        }
    }

    /**
     * Latencies in ms: from enqueue to {@code JobStarted}, sorted; and from the last job's enqueue until the processor
     * had committed every job's dispatch and reports.
     */
    private record Latencies(long[] toStart, long recordedAfterLastMillis) {
    }

    /** Waits until the processor has committed every record on {@code jobs.lifecycle}: dispatches and reports. */
    private void awaitProcessorCommitted() {
        try (Admin admin = env.newAdmin()) {
            new ProcessorProgress(admin).awaitCommitted(Topics.JOB_LIFECYCLE.name(), TIMEOUT);
        }
    }

    /** The latencies of {@code count} jobs dispatched at {@code rate} per second. */
    private Latencies latencies(int count, double rate) throws Exception {
        try (KafkaConsumer<String, SpecificRecord> lifecycle =
                clients.consumer("bench-latency-" + UUID.randomUUID(), "latest");
                KafkaProducer<String, SpecificRecord> producer = dispatcher()) {
            lifecycle.subscribe(List.of(Topics.JOB_LIFECYCLE.name()));
            awaitAssignment(lifecycle);
            // Each job's enqueue time, awaiting its JobStarted; removed when read, so that a record delivered twice
            // counts once. And the jobs awaiting their outcome.
            Map<String, Instant> awaitingStart = Collections.synchronizedMap(new HashMap<>());
            Set<String> awaitingOutcome = Collections.synchronizedSet(new HashSet<>());
            Instant[] lastDue = new Instant[1];
            // A new producer's first send waits for the topic's metadata and the registry's schema lookup (1.75 s in a
            // stop 25 run): timed, the pacer fell behind and then sent all it owed at once.
            dispatch(producer, List.of(ProbeJobs.probe(JobQueue.DEFAULT, noOp(), null, null, Instant.now())));
            Thread pacer = new Thread(() -> {
                long intervalNanos = (long) (1_000_000_000L / rate);
                long startNanos = System.nanoTime();
                Instant startInstant = Instant.now();
                int sent = 0;
                while (sent < count) {
                    long next = startNanos + sent * intervalNanos;
                    // parked, not spinning: two cores are shared with the broker and both applications
                    for (long wait = next - System.nanoTime(); wait > 0; wait = next - System.nanoTime()) {
                        LockSupport.parkNanos(wait);
                    }
                    // every job due by now, each enqueued when it fell due: the wait for the transaction before
                    // counts in its latency
                    List<JobCommand> due = new ArrayList<>();
                    long now = System.nanoTime();
                    for (; sent < count && startNanos + sent * intervalNanos <= now; sent++) {
                        Instant dueAt = startInstant.plusNanos(sent * intervalNanos);
                        JobCommand job = ProbeJobs.probe(JobQueue.DEFAULT, noOp(), null, null, dueAt);
                        awaitingStart.put(job.getJobId(), dueAt);
                        awaitingOutcome.add(job.getJobId());
                        lastDue[0] = dueAt;
                        due.add(job);
                    }
                    dispatch(producer, due);
                }
            }, "bench-pacer");
            pacer.start();
            List<Long> toStart = new ArrayList<>();
            readUntil(lifecycle, record -> {
                if (record.value() instanceof JobStarted started) {
                    Instant enqueued = awaitingStart.remove(started.getJobId());
                    if (enqueued != null) {
                        toStart.add(Duration.between(enqueued, started.getMetadata().getOccurredAt()).toMillis());
                    }
                } else if (record.value() instanceof JobSucceeded succeeded) {
                    awaitingOutcome.remove(succeeded.getJobId());
                }
                return toStart.size() == count && awaitingOutcome.isEmpty();
            });
            pacer.join();
            awaitProcessorCommitted();
            return new Latencies(sorted(toStart), Duration.between(lastDue[0], Instant.now()).toMillis());
        }
    }

    /** A transactional producer, as the admin CLI dispatches with ({@code JobDispatchWriter}). */
    private KafkaProducer<String, SpecificRecord> dispatcher() {
        Map<String, Object> config = clients.producerConfig();
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "bench-dispatch-" + UUID.randomUUID());
        KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(config);
        producer.initTransactions();
        return producer;
    }

    /** Dispatches {@code jobs} in one transaction: each job's command and its {@code JobDispatched}. */
    private static void dispatch(KafkaProducer<String, SpecificRecord> producer, List<JobCommand> jobs) {
        producer.beginTransaction();
        for (JobCommand job : jobs) {
            JobDispatch.records(job, REQUESTER, null).forEach(producer::send);
        }
        producer.commitTransaction();
    }

    private static long[] sorted(List<Long> millis) {
        return millis.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    private static ProbeJob noOp() {
        return ProbeJob.newBuilder().setWorkMillis(0).setProgressSteps(0).setFailAttempts(0).setFatal(false).build();
    }
}

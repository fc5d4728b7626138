package io.coursestream.systemtests;

import static io.coursestream.systemtests.BenchClients.awaitAssignment;
import static io.coursestream.systemtests.BenchClients.percentile;
import static io.coursestream.systemtests.BenchClients.runAndExit;
import static io.coursestream.systemtests.BenchClients.seconds;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

import io.coursestream.devstack.JavaRuntimes;
import io.coursestream.schemas.common.EventMetadata;
import io.coursestream.schemas.learning.EpisodeCompleted;
import io.coursestream.schemas.points.ActivityType;
import io.coursestream.schemas.points.LedgerEntry;
import io.coursestream.schemas.points.LedgerEntryKind;
import io.coursestream.schemas.points.PointsTotal;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.testkit.TestEnvironment;

/**
 * {@code scripts/bench points}: EpisodeCompleted events through the points topology against raw consume+produce with
 * the same guarantee, on one broker, in one run, and the points query's latency while the topology is loaded. The
 * broker, registry, processor and workers are the system tests' (one in-JVM broker, the applications as processes
 * with their default settings; the workers idle).
 *
 * <ul>
 *   <li><b>raw</b>: the events written to a topic of the input topics' partition count; one transactional
 *       consume-transform-produce loop (read_committed, each poll's records turned into one {@link LedgerEntry} each
 *       and the input offsets committed with {@code sendOffsetsToTransaction} in the same transaction: exactly-once,
 *       as the processor's {@code exactly_once_v2}). Events/s from the first write to the last entry read
 *       (read_committed).</li>
 *   <li><b>topology</b>: the same number of events to {@code learning.learning-events}, many users, each user's
 *       events five minutes apart in event time (beyond the cheat guard's 180 s gap and 10 awards per 60 s, so none
 *       is refused); events/s from the first write to the last of their ledger entries read from
 *       {@code points.ledger} (read_committed). Awards and refusals are counted and printed.</li>
 *   <li><b>query</b>: while the topology runs, {@code GET /api/users/{id}/points} for random users already seen on
 *       {@code points.totals}, paced; p50 and p99 of the answers 200, and every other outcome counted. Then the same
 *       for ten seconds with the topology idle, as a reference. Then again while events flow at half the measured
 *       throughput for twenty seconds (the target's "loaded", as {@code scripts/bench jobs} measures latency at half
 *       load: at full speed the two cores are saturated and any query waits for them). The queries come from a JVM
 *       of their own ({@link PointsQueryClient}), so the pauses of this JVM, which runs the broker and the producers,
 *       are not in their latencies. Between each two queries the client asks the processor's liveness check, the
 *       baseline of each phase: the same process and HTTP stack, no store read.</li>
 * </ul>
 *
 * The topology (queries included) and raw take turns, full size, five times untimed and three times timed
 * ({@link Rounds}), so that both are measured compiled (after a 1,000-event warm-up the topology measured about half
 * its warm events/s); what is printed is each phase's median timed round, and the half-load phase is paced at half the
 * topology's median.
 *
 * <p>Arguments: {@code [events] [users] [queries-per-second]} (default 50000, events/10, 50).
 */
public final class PointsBenchmark {

    private static final String RAW_IN = "bench.points-raw-events";
    private static final String RAW_OUT = "bench.points-raw-ledger";
    /** Event time between two events of one user: more than the cheat guard's minimum gap and window allow. */
    private static final Duration EVENT_SPACING = Duration.ofMinutes(5);
    /** A run where no new ledger entry arrives for this long is stuck (or has no points topology), not slow. */
    private static final Duration STALL = Duration.ofSeconds(60);
    /** How often the query client is handed the users that appeared on points.totals since. */
    private static final Duration USER_HANDOVER = Duration.ofMillis(50);
    /** How long events flow at half the measured throughput while the queries are timed again. */
    private static final Duration HALF_LOAD = Duration.ofSeconds(20);
    /** How long the queries run again once the topology is idle, for a reference latency. */
    private static final Duration UNLOADED_QUERIES = Duration.ofSeconds(10);

    private final BenchClients clients;
    private final String api;
    /** The processor's and the workers' processes, whose CPU each run reports. */
    private final Map<String, ProcessHandle> applications;

    private PointsBenchmark(TestEnvironment env, Applications apps) {
        this.clients = new BenchClients(env);
        String api = apps.api();
        this.api = api.endsWith("/") ? api.substring(0, api.length() - 1) : api;
        this.applications = apps.running();
    }

    public static void main(String[] args) {
        runAndExit(() -> {
            int events = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
            int users = args.length > 1 ? Integer.parseInt(args[1]) : Math.max(1, events / 10);
            double queryRate = args.length > 2 ? Double.parseDouble(args[2]) : 50;
            TestEnvironment env = TestEnvironment.get();
            Path stateDir = Files.createTempDirectory("coursestream-bench-points");
            try (Applications apps = Applications.start(env, stateDir)) {
                PointsBenchmark bench = new PointsBenchmark(env, apps);
                // untimed rounds first: JIT compilation, registry caches, group joins, the topology's stores
                Rounds<TopologyRun, RawRun> rounds = Rounds.run(() -> bench.topology(events, users, queryRate, 0),
                        TopologyRun::eventsPerSecond, () -> bench.raw(events, users), RawRun::eventsPerSecond);
                TopologyRun run = rounds.measured();
                QueryStats unloaded = queryRate > 0 ? bench.unloaded(queryRate, run.users()) : new QueryStats();
                double halfLoad = run.eventsPerSecond() / 2;
                TopologyRun paced = bench.topology((int) (halfLoad * HALF_LOAD.toSeconds()), users, queryRate,
                        halfLoad);
                print(events, users, queryRate, rounds.baseline(), run, unloaded, halfLoad, paced);
                System.out.printf(Locale.ROOT, "  %s%n", rounds.summary("points topology", "raw consume+produce",
                        "events/s"));
            }
        });
    }

    private static void print(int events, int users, double queryRate, RawRun raw, TopologyRun run,
            QueryStats unloaded, double halfLoad, TopologyRun paced) {
        System.out.printf(Locale.ROOT, "%nscripts/bench points (%d EpisodeCompleted events of %d users; points queries"
                + " at %.0f/s while loaded)%n", events, users, queryRate);
        System.out.printf(Locale.ROOT, "  raw consume+produce   %8.1f events/s   exactly-once: one transactional"
                + " consume-transform-produce loop, offsets by sendOffsetsToTransaction, read_committed%n",
                raw.eventsPerSecond());
        System.out.printf(Locale.ROOT, "    %s%n", raw.cpu());
        System.out.printf(Locale.ROOT, "  points topology       %8.1f events/s   ratio to raw %.2f (target >= 0.40);"
                + " exactly_once_v2; ledger entries: %s%n", run.eventsPerSecond(),
                run.eventsPerSecond() / raw.eventsPerSecond(), run.kinds());
        System.out.printf(Locale.ROOT, "    %s%n", run.cpu());
        System.out.printf(Locale.ROOT, "    processor stream thread: %s%n", run.streamThreads());
        if (run.refused() > 0) {
            System.out.printf(Locale.ROOT, "  WARNING: %d events refused (%s): the benchmark's event spacing should"
                    + " keep every event clear of the cheat guard%n", run.refused(), run.refusals());
        }
        printQueries("at full load (the run above)", run.queries(), "");
        printQueries(String.format(Locale.ROOT, "at half load (%.0f events/s for %d s)", halfLoad,
                HALF_LOAD.toSeconds()), paced.queries(), " (target p99 < 20 ms)");
        printQueries("afterwards, unloaded", unloaded, "");
    }

    private static void printQueries(String when, QueryStats queries, String target) {
        System.out.printf(Locale.ROOT, "  GET /api/users/{id}/points %s: %s%s%n", when, queries.latencySummary(),
                target);
        System.out.printf(Locale.ROOT, "    outcomes: %s%n", queries.outcomes());
        QueryStats reference = queries.reference();
        System.out.printf(Locale.ROOT, "    reference, GET %s asked between them: %s; outcomes: %s%n",
                PointsQueryClient.REFERENCE_PATH, reference.latencySummary(), reference.outcomes());
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    // ---- raw --------------------------------------------------------------------------------------------------------

    /** A raw run: its events per second, and the CPU an event cost. */
    private record RawRun(double eventsPerSecond, String cpu) {
    }

    /** Raw exactly-once consume+produce of {@code count} events. */
    private RawRun raw(int count, int users) throws Exception {
        clients.createTopics(List.of(RAW_IN, RAW_OUT), Topics.LEARNING_EVENTS.partitions());
        String run = UUID.randomUUID().toString();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch assigned = new CountDownLatch(1);
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                rawWorker(run, stop, assigned);
            } catch (RuntimeException failed) {
                failure.set(failed);
                assigned.countDown();
            }
        }, "bench-raw-worker");
        try (KafkaConsumer<String, SpecificRecord> ledger = clients.consumer("bench-raw-reader-" + run, "latest");
                KafkaProducer<String, SpecificRecord> producer = clients.producer()) {
            ledger.subscribe(List.of(RAW_OUT));
            awaitAssignment(ledger);
            worker.start();
            if (!assigned.await(BenchClients.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || failure.get() != null) {
                throw new IllegalStateException("the raw worker did not start", failure.get());
            }
            List<ProducerRecord<String, SpecificRecord>> events = episodes(RAW_IN, count, users, userPrefix(run));
            Set<String> expected = eventIds(events);
            MachineCpu.Sample cpuAtStart = MachineCpu.sample(applications);
            long started = System.nanoTime();
            events.forEach(producer::send);
            producer.flush();
            readLedger(ledger, expected, new HashMap<>());
            double seconds = seconds(started);
            return new RawRun(count / seconds,
                    MachineCpu.perItem(cpuAtStart, MachineCpu.sample(applications), count, "event"));
        } finally {
            stop.set(true);
            worker.join();
        }
    }

    /** Read an event, write its ledger entry, commit both in one transaction per poll. */
    private void rawWorker(String run, AtomicBoolean stop, CountDownLatch assigned) {
        Map<String, Object> config = clients.producerConfig();
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "bench-raw-points-" + run);
        try (KafkaConsumer<String, SpecificRecord> events = clients.consumer("bench-raw-worker-" + run, "latest");
                KafkaProducer<String, SpecificRecord> ledger = new KafkaProducer<>(config)) {
            ledger.initTransactions();
            events.subscribe(List.of(RAW_IN));
            awaitAssignment(events);
            assigned.countDown();
            while (!stop.get()) {
                ConsumerRecords<String, SpecificRecord> records = events.poll(Duration.ofMillis(100));
                if (records.isEmpty()) {
                    continue;
                }
                ledger.beginTransaction();
                Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
                for (ConsumerRecord<String, SpecificRecord> record : records) {
                    LedgerEntry entry = entryFor((EpisodeCompleted) record.value());
                    ledger.send(new ProducerRecord<>(RAW_OUT, record.key(), entry));
                    next.put(new TopicPartition(record.topic(), record.partition()),
                            new OffsetAndMetadata(record.offset() + 1));
                }
                ledger.sendOffsetsToTransaction(next, events.groupMetadata());
                ledger.commitTransaction();
            }
        }
    }

    /** The entry the ledger would append for a first episode under the shipped rules: a record of the same shape. */
    private static LedgerEntry entryFor(EpisodeCompleted episode) {
        String eventId = episode.getMetadata().getEventId().toString();
        return LedgerEntry.newBuilder()
                .setEntryId(eventId + ":1")
                .setUserId(episode.getUserId())
                .setKind(LedgerEntryKind.AWARD)
                .setActivityType(ActivityType.EPISODE_COMPLETED)
                .setPoints(10)
                .setBalanceAfter(10)
                .setReason("Episode completed (version 1: 10 points)")
                .setRefusalReason(null)
                .setSourceEventId(eventId)
                .setSourceEventType(EpisodeCompleted.class.getSimpleName())
                .setSubjectId(episode.getEpisodeId())
                .setRuleVersion(1)
                .setBasePoints(10)
                .setMultiplierBasisPoints(10_000)
                .setRelatedEntryId(null)
                .setActivityAt(episode.getMetadata().getOccurredAt())
                .setRecordedAt(Instant.now())
                .setCorrelationId(episode.getMetadata().getCorrelationId())
                .build();
    }

    // ---- topology ---------------------------------------------------------------------------------------------------

    /**
     * The ledger's kinds of entry for the run's events, what the queries meanwhile saw, and the run's users in the
     * order their totals appeared (the ones a query may ask for).
     */
    private record TopologyRun(double eventsPerSecond, Map<String, Integer> kindCounts,
            Map<String, Integer> refusalCounts, QueryStats queries, List<String> users, String streamThreads,
            String cpu) {

        String kinds() {
            return kindCounts.entrySet().stream().map(kind -> kind.getValue() + " " + kind.getKey())
                    .collect(Collectors.joining(", "));
        }

        int refused() {
            return kindCounts.getOrDefault(LedgerEntryKind.REFUSED.name(), 0);
        }

        String refusals() {
            return refusalCounts.entrySet().stream().map(reason -> reason.getValue() + " " + reason.getKey())
                    .collect(Collectors.joining(", "));
        }
    }

    /**
     * {@code count} events through the points topology, as fast as they can be sent or at {@code eventRate} a second,
     * while {@code queryRate} points queries a second run.
     */
    private TopologyRun topology(int count, int users, double queryRate, double eventRate) throws Exception {
        String run = UUID.randomUUID().toString();
        AtomicBoolean stop = new AtomicBoolean();
        Set<String> seenUsers = ConcurrentHashMap.newKeySet();
        List<String> seenInOrder = new ArrayList<>();
        CountDownLatch watching = new CountDownLatch(1);
        Thread totals = new Thread(() -> watchTotals(run, stop, watching, seenUsers, seenInOrder),
                "bench-totals-watcher");
        QueryStats queries = new QueryStats();
        Thread querier = new Thread(() -> query(queryRate, stop, seenInOrder, queries), "bench-points-queries");
        try (KafkaConsumer<String, SpecificRecord> ledger = clients.consumer("bench-ledger-" + run, "latest");
                KafkaProducer<String, SpecificRecord> producer = clients.producer()) {
            ledger.subscribe(List.of(Topics.POINTS_LEDGER.name()));
            awaitAssignment(ledger);
            totals.start();
            if (!watching.await(BenchClients.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the points.totals watcher got no partitions");
            }
            List<ProducerRecord<String, SpecificRecord>> events =
                    episodes(Topics.LEARNING_EVENTS.name(), count, users, userPrefix(run));
            Set<String> expected = eventIds(events);
            Map<String, Integer> refusals = new TreeMap<>();
            if (queryRate > 0) {
                querier.start();
            }
            StreamThreadTime.Sample threadsAtStart = StreamThreadTime.sample(api);
            MachineCpu.Sample cpuAtStart = MachineCpu.sample(applications);
            long started = System.nanoTime();
            if (eventRate > 0) {
                paced(events, eventRate, producer);
            } else {
                events.forEach(producer::send);
            }
            producer.flush();
            Map<String, Integer> kinds = readLedger(ledger, expected, refusals);
            double eventsPerSecond = count / seconds(started);
            String cpu = MachineCpu.perItem(cpuAtStart, MachineCpu.sample(applications), count, "event");
            String streamThreads = StreamThreadTime.between(threadsAtStart, StreamThreadTime.sample(api));
            stop.set(true);
            querier.join();
            List<String> usersSeen;
            synchronized (seenInOrder) {
                usersSeen = List.copyOf(seenInOrder);
            }
            return new TopologyRun(eventsPerSecond, kinds, refusals, queries, usersSeen, streamThreads, cpu);
        } finally {
            stop.set(true);
            totals.join();
            if (querier.isAlive()) {
                querier.join();
            }
        }
    }

    /** Sends at {@code rate} events a second, parked between sends (two cores are shared with everything else). */
    private static void paced(List<ProducerRecord<String, SpecificRecord>> events, double rate,
            KafkaProducer<String, SpecificRecord> producer) {
        long interval = (long) (1_000_000_000L / rate);
        long next = System.nanoTime();
        for (ProducerRecord<String, SpecificRecord> event : events) {
            for (long wait = next - System.nanoTime(); wait > 0; wait = next - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            producer.send(event);
            next += interval;
        }
    }

    /** The same queries once the topology is idle again: what the endpoint costs without the load. */
    private QueryStats unloaded(double queryRate, List<String> users) throws InterruptedException {
        QueryStats stats = new QueryStats();
        AtomicBoolean stop = new AtomicBoolean();
        Thread querier = new Thread(() -> query(queryRate, stop, users, stats), "bench-points-queries-unloaded");
        querier.start();
        querier.join(UNLOADED_QUERIES.toMillis());
        stop.set(true);
        querier.join();
        return stats;
    }

    /** Collects the users of this run as their totals appear on points.totals: the ones a query may ask for. */
    private void watchTotals(String run, AtomicBoolean stop, CountDownLatch watching, Set<String> seen,
            List<String> seenInOrder) {
        try (KafkaConsumer<String, SpecificRecord> consumer = clients.consumer("bench-totals-" + run, "latest")) {
            consumer.subscribe(List.of(Topics.POINTS_TOTALS.name()));
            awaitAssignment(consumer);
            watching.countDown();
            while (!stop.get()) {
                for (ConsumerRecord<String, SpecificRecord> record : consumer.poll(Duration.ofMillis(50))) {
                    if (record.value() instanceof PointsTotal total && total.getUserId().startsWith(userPrefix(run))
                            && seen.add(total.getUserId())) {
                        synchronized (seenInOrder) {
                            seenInOrder.add(total.getUserId());
                        }
                    }
                }
            }
        }
    }

    /**
     * What the points queries got: latencies of the answers 200, and a count of every outcome; and the same of the
     * reference requests asked between them ({@link PointsQueryClient#REFERENCE_PATH}), in {@link #reference()}.
     */
    private static final class QueryStats {

        private final List<Long> okNanos = new ArrayList<>();
        private final Map<String, Integer> outcomes = new TreeMap<>();
        private final Map<String, String> firstMessage = new HashMap<>();
        private QueryStats reference;

        /** The reference requests' stats. */
        synchronized QueryStats reference() {
            if (reference == null) {
                reference = new QueryStats();
            }
            return reference;
        }

        synchronized void answered(int status, long nanos, String body) {
            if (status == 200) {
                okNanos.add(nanos);
            } else {
                firstMessage.putIfAbsent("HTTP " + status, body.length() > 160 ? body.substring(0, 160) : body);
            }
            outcomes.merge("HTTP " + status, 1, Integer::sum);
        }

        synchronized void warmUp() {
            outcomes.merge("warm-up, not timed", 1, Integer::sum);
        }

        synchronized void failed(String what, Exception failure) {
            outcomes.merge(what, 1, Integer::sum);
            firstMessage.putIfAbsent(what, failure.toString());
        }

        synchronized long[] latencies() {
            return okNanos.stream().mapToLong(Long::longValue).sorted().toArray();
        }

        String latencySummary() {
            long[] latencies = latencies();
            if (latencies.length == 0) {
                return "no answer 200, no latency measured";
            }
            return String.format(Locale.ROOT, "p50 %.1f ms, p99 %.1f ms over %d answers 200",
                    millis(percentile(latencies, 50)), millis(percentile(latencies, 99)), latencies.length);
        }

        synchronized String outcomes() {
            if (outcomes.isEmpty()) {
                return "none sent";
            }
            return outcomes.entrySet().stream()
                    .map(outcome -> outcome.getValue() + " x " + outcome.getKey()
                            + (firstMessage.containsKey(outcome.getKey())
                                    ? " (first: " + firstMessage.get(outcome.getKey()).replace('\n', ' ') + ")"
                                    : ""))
                    .collect(Collectors.joining(", "));
        }
    }

    /**
     * Paced points queries for users already on points.totals, until stopped, from a {@link PointsQueryClient} JVM of
     * their own: this thread hands it the users as they appear and reads its answers into {@code stats}.
     */
    private void query(double rate, AtomicBoolean stop, List<String> users, QueryStats stats) {
        Process client;
        try {
            client = new ProcessBuilder(JavaRuntimes.current().toString(), "-Xmx128m", "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    PointsQueryClient.class.getName(), api,
                    Double.toString(rate)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            stats.failed("client not started", e);
            return;
        }
        Thread answers = new Thread(() -> readAnswers(client, stats), "bench-points-query-answers");
        answers.start();
        try (Writer toClient = new OutputStreamWriter(client.getOutputStream(), StandardCharsets.UTF_8)) {
            int handed = 0;
            while (!stop.get()) {
                List<String> fresh;
                synchronized (users) {
                    fresh = List.copyOf(users.subList(handed, users.size()));
                }
                for (String user : fresh) {
                    toClient.write(user + "\n");
                }
                toClient.flush();
                handed += fresh.size();
                LockSupport.parkNanos(USER_HANDOVER.toNanos());
            }
        } catch (IOException e) {
            stats.failed("client gone", e);
        }
        try {
            client.waitFor();
            answers.join();
        } catch (InterruptedException interrupted) {
            client.destroy();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The client's lines: {@code <status> <nanos> <body start>}, {@code failed <exception> <message>}, or
     * {@code warm-up <status> <nanos>}, counted but not timed; a reference request's line starts with
     * {@value PointsQueryClient#REFERENCE} and counts in {@link QueryStats#reference()}.
     */
    private static void readAnswers(Process client, QueryStats stats) {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                boolean reference = line.startsWith(PointsQueryClient.REFERENCE + " ");
                QueryStats kind = reference ? stats.reference() : stats;
                String answer = reference ? line.substring(PointsQueryClient.REFERENCE.length() + 1) : line;
                String[] parts = answer.split(" ", 3);
                String rest = parts.length > 2 ? parts[2] : "";
                if (parts[0].equals("warm-up")) {
                    kind.warmUp();
                } else if (parts[0].equals("failed")) {
                    kind.failed(parts[1], new IOException(rest));
                } else {
                    kind.answered(Integer.parseInt(parts[0]), Long.parseLong(parts[1]), rest);
                }
            }
        } catch (IOException e) {
            stats.failed("client output unreadable", e);
        }
    }

    // ---- events and the ledger --------------------------------------------------------------------------------------

    private static String userPrefix(String run) {
        return "bench-" + run.substring(0, 8) + "-user-";
    }

    /**
     * {@code count} EpisodeCompleted of {@code users} users named {@code prefix<n>}, each user's events {@link #EVENT_SPACING} apart in event
     * time and ending a minute ago, in event-time order; the record timestamp is the event time.
     */
    private static List<ProducerRecord<String, SpecificRecord>> episodes(String topic, int count, int users,
            String prefix) {
        int perUser = (count + users - 1) / users;
        Instant first = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(1))
                .minus(EVENT_SPACING.multipliedBy(perUser));
        List<ProducerRecord<String, SpecificRecord>> records = new ArrayList<>(count);
        for (int round = 0; round < perUser && records.size() < count; round++) {
            for (int user = 0; user < users && records.size() < count; user++) {
                String userId = prefix + user;
                // Users a millisecond apart within a round, so event times are distinct and increasing.
                Instant occurredAt = first.plus(EVENT_SPACING.multipliedBy(round)).plusMillis(user);
                UUID eventId = UUID.randomUUID();
                EpisodeCompleted episode = EpisodeCompleted.newBuilder()
                        .setMetadata(EventMetadata.newBuilder()
                                .setEventId(eventId)
                                .setOccurredAt(occurredAt)
                                .setCorrelationId(eventId.toString())
                                .setCausationId(null)
                                .setProducer("bench")
                                .build())
                        .setUserId(userId)
                        .setCourseId("bench-course-" + (user % 20))
                        .setEpisodeId("bench-episode-" + round)
                        .setWatchedSeconds(600)
                        .build();
                records.add(new ProducerRecord<>(topic, null, occurredAt.toEpochMilli(), userId, episode));
            }
        }
        return records;
    }

    private static Set<String> eventIds(List<ProducerRecord<String, SpecificRecord>> events) {
        Set<String> ids = new HashSet<>();
        events.forEach(event -> ids.add(((EpisodeCompleted) event.value()).getMetadata().getEventId().toString()));
        return ids;
    }

    /**
     * Reads ledger entries until one has arrived for every event in {@code expected}; returns how many of each kind,
     * and adds the refusal reasons to {@code refusals}. Fails when no new entry arrived for {@link #STALL}.
     */
    private static Map<String, Integer> readLedger(KafkaConsumer<String, SpecificRecord> ledger, Set<String> expected,
            Map<String, Integer> refusals) {
        Set<String> done = new HashSet<>();
        Map<String, Integer> kinds = new TreeMap<>();
        long lastProgress = System.nanoTime();
        long deadline = System.nanoTime() + BenchClients.TIMEOUT.toNanos();
        while (done.size() < expected.size()) {
            for (ConsumerRecord<String, SpecificRecord> record : ledger.poll(Duration.ofMillis(50))) {
                if (record.value() instanceof LedgerEntry entry && expected.contains(entry.getSourceEventId())
                        && done.add(entry.getSourceEventId())) {
                    kinds.merge(entry.getKind().name(), 1, Integer::sum);
                    if (entry.getRefusalReason() != null) {
                        refusals.merge(entry.getRefusalReason().name(), 1, Integer::sum);
                    }
                    lastProgress = System.nanoTime();
                }
            }
            if (System.nanoTime() - lastProgress > STALL.toNanos() || System.nanoTime() > deadline) {
                throw new IllegalStateException(done.size() + " of " + expected.size() + " ledger entries read, none"
                        + " new for " + STALL.toSeconds() + " s (is the processor running the points topology?)");
            }
        }
        return kinds;
    }
}

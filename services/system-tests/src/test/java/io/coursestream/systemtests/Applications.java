package io.coursestream.systemtests;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.coursestream.devstack.LoopbackPorts;
import io.coursestream.devstack.QuarkusAppProcess;
import io.coursestream.testkit.SettingOverrides;
import io.coursestream.testkit.TestEnvironment;

/**
 * Stream processor instances and the workers as processes, started from their runnable jars (paths from the system
 * properties {@code coursestream.processor.jar} and {@code coursestream.workers.jar}, which the build sets) against
 * the shared test broker, registry, S3 server and SMTP server. Stopping stops exactly the PIDs started here.
 *
 * <p>Processor instances share the application id, so they share the work as Kafka Streams spreads it. Each has its
 * own HTTP port and state directory, kept across {@link #killProcessor(int)} and {@link #startProcessor(int)}, so a
 * restarted instance is the same member (static membership, the same {@code application.server}) on its own state.
 */
final class Applications implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    /**
     * The shortest session the broker accepts (group.min.session.timeout.ms): the partitions of a killed worker or
     * processor that is not restarted move on after this.
     */
    private static final String SESSION_TIMEOUT_MS = "6000";
    private static final String HEARTBEAT_INTERVAL_MS = "1500";

    /**
     * The processor's queue policies here: the default retry counts and backoff shapes with seconds for minutes, so a
     * test sees every retry of every queue within seconds.
     */
    static final Map<String, String> SHORT_BACKOFFS = Map.of(
            "coursestream.jobs.queues.default.backoff", "exponential:PT1S:2:PT1M",
            "coursestream.jobs.queues.payments.backoff", "exponential:PT1S:2:PT1M",
            "coursestream.jobs.queues.media.backoff", "linear:PT1S",
            "coursestream.jobs.queues.emails.backoff", "PT1S,PT2S",
            "coursestream.jobs.queues.backups.backoff", "exponential:PT1S:2:PT1M",
            "coursestream.jobs.queues.affiliates.backoff", "exponential:PT1S:2:PT1M");

    /** One processor instance: what outlives its process. */
    private record ProcessorSlot(String name, int httpPort, Map<String, String> properties) {
    }

    private final TestEnvironment env;
    private final Path stateDir;
    private final Map<String, String> processorSettings;
    private final List<ProcessorSlot> slots = new ArrayList<>();
    private final List<QuarkusAppProcess> processors = new ArrayList<>();
    private QuarkusAppProcess workers;
    private int workerGeneration;

    private Applications(TestEnvironment env, Path stateDir, int processorCount, Map<String, String> processorSettings) {
        this.env = env;
        this.stateDir = stateDir;
        this.processorSettings = Map.copyOf(processorSettings);
        for (int i = 0; i < processorCount; i++) {
            slots.add(slot(i, processorCount));
            processors.add(null);
        }
    }

    /** Starts one processor, then one workers instance. */
    static Applications start(TestEnvironment env, Path stateDir) {
        Applications apps = processors(env, stateDir, 1);
        apps.startWorkers();
        return apps;
    }

    /** Starts {@code count} processor instances one after the other, each ready before the next starts; no workers. */
    static Applications processors(TestEnvironment env, Path stateDir, int count) {
        return processors(env, stateDir, count, Map.of());
    }

    /**
     * As {@link #processors(TestEnvironment, Path, int)}, each processor with {@code settings} on top of the test
     * environment's and the short backoffs.
     */
    static Applications processors(TestEnvironment env, Path stateDir, int count, Map<String, String> settings) {
        Applications apps = new Applications(env, stateDir, count, settings);
        try {
            for (int i = 0; i < count; i++) {
                apps.startProcessor(i);
            }
        } catch (RuntimeException e) {
            apps.close();
            throw e;
        }
        return apps;
    }

    private ProcessorSlot slot(int index, int processorCount) {
        String name = "processor-" + index;
        Map<String, String> properties = new LinkedHashMap<>(env.applicationProperties());
        properties.put("kafka-streams.state.dir", stateDir.resolve(name).resolve("state").toString());
        // Static membership, as the local stack runs it: a restarted instance takes its tasks back at once.
        properties.put("kafka-streams.group.instance.id", "system-test-" + name);
        properties.put("kafka-streams.consumer.session.timeout.ms", SESSION_TIMEOUT_MS);
        properties.put("kafka-streams.consumer.heartbeat.interval.ms", HEARTBEAT_INTERVAL_MS);
        if (processorCount > 1) {
            // Every instance counts as caught up on every task, so Kafka Streams spreads the stateful tasks at once
            // (the new owner restores them before it is ready) instead of warming up replicas and moving the tasks
            // at the next probing rebalance, 10 minutes later, when earlier tests of this JVM left long changelogs.
            properties.put("kafka-streams.acceptable.recovery.lag", Long.toString(Long.MAX_VALUE));
        }
        properties.putAll(SHORT_BACKOFFS);
        properties.putAll(processorSettings);
        properties.putAll(SettingOverrides.of("coursestream.processor."));
        return new ProcessorSlot(name, LoopbackPorts.free(), Map.copyOf(properties));
    }

    /** Starts processor {@code index} (again, after {@link #killProcessor(int)}) and waits until it is ready. */
    void startProcessor(int index) {
        ProcessorSlot slot = slots.get(index);
        if (processors.get(index) != null) {
            throw new IllegalStateException(slot.name() + " is running");
        }
        processors.set(index, QuarkusAppProcess.start(slot.name(), jar("coursestream.processor.jar"), stateDir,
                slot.httpPort(), jvmOptions("coursestream.processor."), slot.properties(), START_TIMEOUT));
    }

    /** SIGKILL to processor {@code index}: no shutdown hook, no commit, no goodbye to the group. Waits for its exit. */
    void killProcessor(int index) {
        QuarkusAppProcess processor = processors.get(index);
        if (processor == null) {
            throw new IllegalStateException(slots.get(index).name() + " is not running");
        }
        kill(processor);
        processors.set(index, null);
    }

    /** The base URL of processor {@code index}'s HTTP API (the same across restarts). */
    String api(int index) {
        return "http://" + LoopbackPorts.HOST + ":" + slots.get(index).httpPort();
    }

    /** The first processor's HTTP API base URL. */
    String api() {
        return api(0);
    }

    /** Processor {@code index}'s address as Kafka Streams knows it ({@code application.server}): host:port. */
    String processorAddress(int index) {
        return LoopbackPorts.HOST + ":" + slots.get(index).httpPort();
    }

    /** Starts a workers instance (after {@link #killWorkers()}, a new one). */
    void startWorkers() {
        startWorkers(Map.of());
    }

    /** Starts a workers instance with {@code settings} on top of the test environment's. */
    void startWorkers(Map<String, String> settings) {
        workerGeneration++;
        Map<String, String> properties = new LinkedHashMap<>(env.applicationProperties());
        properties.put("coursestream.workers.instance-id", "workers-" + workerGeneration);
        for (String queue : new String[] {"default", "payments", "media", "emails", "backups", "affiliates"}) {
            properties.put("mp.messaging.incoming.jobs-" + queue + ".session.timeout.ms", SESSION_TIMEOUT_MS);
            properties.put("mp.messaging.incoming.jobs-" + queue + ".heartbeat.interval.ms", HEARTBEAT_INTERVAL_MS);
        }
        properties.putAll(settings);
        properties.putAll(SettingOverrides.of("coursestream.workers."));
        workers = QuarkusAppProcess.start("workers", jar("coursestream.workers.jar"), stateDir, LoopbackPorts.free(),
                jvmOptions("coursestream.workers."), properties, START_TIMEOUT);
    }

    /** SIGKILL to the workers process: no shutdown hook, no commit, no goodbye to the group. */
    void killWorkers() {
        kill(workers);
    }

    /** The running application processes by name ({@code processor-<n>}, {@code workers}), processors first. */
    Map<String, ProcessHandle> running() {
        Map<String, ProcessHandle> running = new LinkedHashMap<>();
        for (int i = 0; i < processors.size(); i++) {
            if (processors.get(i) != null) {
                running.put(slots.get(i).name(), handle(processors.get(i)));
            }
        }
        if (workers != null) {
            running.put("workers", handle(workers));
        }
        return running;
    }

    private static ProcessHandle handle(QuarkusAppProcess app) {
        return ProcessHandle.of(app.pid().orElseThrow()).orElseThrow();
    }

    /** The running workers instance's URL of {@code path}. */
    String workersUrl(String path) {
        return workers.url(path);
    }

    String workersInstanceId() {
        return "workers-" + workerGeneration;
    }

    @Override
    public void close() {
        if (workers != null) {
            workers.close();
        }
        for (int i = processors.size() - 1; i >= 0; i--) {
            if (processors.get(i) != null) {
                processors.get(i).close();
                processors.set(i, null);
            }
        }
    }

    private static void kill(QuarkusAppProcess app) {
        ProcessHandle handle = handle(app);
        handle.destroyForcibly();
        handle.onExit().join();
        app.close();
    }

    /**
     * The system property {@code <prefix>jvm-options} of this JVM, split at spaces, as options of an application's
     * JVM ({@code -Dcoursestream.processor.jvm-options="-XX:MaxGCPauseMillis=10 -Xlog:gc:file=/tmp/processor-gc.log"});
     * none by default.
     */
    private static List<String> jvmOptions(String prefix) {
        String options = System.getProperty(prefix + "jvm-options", "").strip();
        return options.isEmpty() ? List.of() : List.of(options.split("\\s+"));
    }

    private static Path jar(String property) {
        String path = System.getProperty(property);
        if (path == null) {
            throw new IllegalStateException("system property " + property + " is not set: run through Maven");
        }
        return Path.of(path);
    }
}

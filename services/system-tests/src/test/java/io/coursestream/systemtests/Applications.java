package io.coursestream.systemtests;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.coursestream.devstack.LoopbackPorts;
import io.coursestream.devstack.QuarkusAppProcess;
import io.coursestream.testkit.TestEnvironment;

/**
 * The stream processor and the workers as processes, started from their runnable jars (paths from the system
 * properties {@code coursestream.processor.jar} and {@code coursestream.workers.jar}, which the build sets) against
 * the shared test broker, registry, S3 server and SMTP server. Stopping stops exactly the PIDs started here.
 */
final class Applications implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    /** The shortest session the broker accepts: a killed worker's partitions move on after this. */
    private static final String WORKER_SESSION_TIMEOUT_MS = "6000";

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

    private final TestEnvironment env;
    private final Path stateDir;
    private final QuarkusAppProcess processor;
    private QuarkusAppProcess workers;
    private int workerGeneration;

    private Applications(TestEnvironment env, Path stateDir) {
        this.env = env;
        this.stateDir = stateDir;
        Map<String, String> properties = new LinkedHashMap<>(env.applicationProperties());
        properties.put("kafka-streams.state.dir", stateDir.resolve("processor-state").toString());
        properties.putAll(SHORT_BACKOFFS);
        properties.putAll(overrides("coursestream.processor."));
        this.processor = QuarkusAppProcess.start("processor", jar("coursestream.processor.jar"), stateDir,
                LoopbackPorts.free(), properties, START_TIMEOUT);
    }

    /** Starts the processor, then one workers instance. */
    static Applications start(TestEnvironment env, Path stateDir) {
        Applications apps = new Applications(env, stateDir);
        apps.startWorkers();
        return apps;
    }

    /** Starts a workers instance (after {@link #killWorkers()}, a new one). */
    void startWorkers() {
        workerGeneration++;
        Map<String, String> properties = new LinkedHashMap<>(env.applicationProperties());
        properties.put("coursestream.workers.instance-id", "workers-" + workerGeneration);
        for (String queue : new String[] {"default", "payments", "media", "emails", "backups", "affiliates"}) {
            properties.put("mp.messaging.incoming.jobs-" + queue + ".session.timeout.ms", WORKER_SESSION_TIMEOUT_MS);
            properties.put("mp.messaging.incoming.jobs-" + queue + ".heartbeat.interval.ms", "1500");
        }
        properties.putAll(overrides("coursestream.workers."));
        workers = QuarkusAppProcess.start("workers", jar("coursestream.workers.jar"), stateDir, LoopbackPorts.free(),
                properties, START_TIMEOUT);
    }

    /** SIGKILL to the workers process: no shutdown hook, no commit, no goodbye to the group. */
    void killWorkers() {
        ProcessHandle handle = ProcessHandle.of(workers.pid().orElseThrow()).orElseThrow();
        handle.destroyForcibly();
        handle.onExit().join();
        workers.close();
    }

    String workersInstanceId() {
        return "workers-" + workerGeneration;
    }

    /** The processor's HTTP API base URL. */
    String api() {
        return processor.url("");
    }

    @Override
    public void close() {
        if (workers != null) {
            workers.close();
        }
        processor.close();
    }

    /**
     * System properties {@code <prefix>.set.<key>} of this JVM as {@code <key>}, for an application's settings in a
     * benchmark or a test run ({@code -Dcoursestream.workers.set.smallrye.messaging.worker.jobs-default.max-concurrency=8}).
     */
    private static Map<String, String> overrides(String prefix) {
        Map<String, String> overrides = new LinkedHashMap<>();
        System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith(prefix + "set."))
                .forEach(name -> overrides.put(name.substring((prefix + "set.").length()), System.getProperty(name)));
        return overrides;
    }

    private static Path jar(String property) {
        String path = System.getProperty(property);
        if (path == null) {
            throw new IllegalStateException("system property " + property + " is not set: run through Maven");
        }
        return Path.of(path);
    }
}

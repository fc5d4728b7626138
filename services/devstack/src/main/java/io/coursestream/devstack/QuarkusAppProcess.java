package io.coursestream.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One of coursestream's Quarkus applications (a fast-jar, {@code quarkus-run.jar}: the stream processor, the
 * workers) as a child process of the local stack, configured with {@link StackEndpoints#applicationProperties()} plus
 * its own settings as system properties, serving HTTP on a loopback port. Ready when {@code /q/health/ready} reports
 * UP, which for the processor includes finished state restoration.
 */
public final class QuarkusAppProcess extends ServerProcess {

    private final int httpPort;

    private QuarkusAppProcess(String name, ChildProcess process, int httpPort) {
        super(name, process);
        this.httpPort = httpPort;
    }

    /**
     * @param name       the component name ({@code processor}, {@code workers}): its log, PID file and work directory
     * @param properties every system property the application gets, besides its HTTP host and port
     */
    public static QuarkusAppProcess start(String name, Path runnerJar, Path stateDir, int httpPort,
            Map<String, String> properties, Duration timeout) {
        return start(name, runnerJar, stateDir, httpPort, List.of(), properties, timeout);
    }

    /**
     * As {@link #start(String, Path, Path, int, Map, Duration)} with options for the JVM itself ({@code -XX:...},
     * {@code -Xlog:...}), for a benchmark's or a test's experiments; the applications run on the JVM's defaults.
     */
    public static QuarkusAppProcess start(String name, Path runnerJar, Path stateDir, int httpPort,
            List<String> jvmOptions, Map<String, String> properties, Duration timeout) {
        if (!Files.isRegularFile(runnerJar)) {
            throw new IllegalArgumentException(runnerJar + " is not a file: build the " + name + " first");
        }
        List<String> command = new ArrayList<>();
        command.add(JavaRuntimes.current().toString());
        command.addAll(jvmOptions);
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-Dquarkus.http.host=" + LoopbackPorts.HOST);
        command.add("-Dquarkus.http.port=" + httpPort);
        command.add("-jar");
        command.add(runnerJar.toAbsolutePath().toString());
        ChildProcess child = ChildProcess.start(name, command, stateDir.resolve(name),
                stateDir.resolve("logs").resolve(name + ".log"), stateDir.resolve("run").resolve(name + ".pid"),
                stateDir.toAbsolutePath().toString(), Map.of());
        QuarkusAppProcess app = new QuarkusAppProcess(name, child, httpPort);
        child.awaitReady(timeout, () -> HttpProbe.healthUp(app.url("/q/health/ready")));
        return app;
    }

    /** {@code http://127.0.0.1:<port><path>}. */
    public String url(String path) {
        return "http://" + LoopbackPorts.HOST + ":" + httpPort + path;
    }
}

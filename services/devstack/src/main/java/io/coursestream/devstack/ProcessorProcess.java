package io.coursestream.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The stream processor (a Quarkus fast-jar, {@code quarkus-run.jar}) as a child process of the local stack, configured
 * with {@link StackEndpoints#applicationProperties()} as system properties. Ready when {@code /q/health/ready}
 * reports UP, which for Kafka Streams includes finished state restoration.
 */
public final class ProcessorProcess extends ServerProcess {

    private static final String NAME = "processor";
    /** The one local processor instance's static group member id. */
    static final String GROUP_INSTANCE_ID = "coursestream-processor-local";

    private final int httpPort;

    private ProcessorProcess(ChildProcess process, int httpPort) {
        super(NAME, process);
        this.httpPort = httpPort;
    }

    public static ProcessorProcess start(Path runnerJar, Path stateDir, int httpPort, Map<String, String> properties,
            Duration timeout) {
        if (!Files.isRegularFile(runnerJar)) {
            throw new IllegalArgumentException(runnerJar + " is not a file: build the processor first");
        }
        List<String> command = new ArrayList<>();
        command.add(JavaRuntimes.current().toString());
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-Dquarkus.http.host=" + LoopbackPorts.HOST);
        command.add("-Dquarkus.http.port=" + httpPort);
        // Kafka Streams keeps its state stores beside the rest of the stack's state.
        command.add("-Dkafka-streams.state.dir=" + stateDir.resolve("processor").resolve("state").toAbsolutePath());
        // Static membership: a restarted processor takes its tasks back at once instead of waiting for the
        // coordinator to expire the previous member (session.timeout.ms, 45 s).
        command.add("-Dkafka-streams.group.instance.id=" + GROUP_INSTANCE_ID);
        command.add("-jar");
        command.add(runnerJar.toAbsolutePath().toString());
        ChildProcess child = ChildProcess.start(NAME, command, stateDir.resolve("processor"),
                stateDir.resolve("logs").resolve(NAME + ".log"), stateDir.resolve("run").resolve(NAME + ".pid"),
                stateDir.toAbsolutePath().toString(), Map.of());
        ProcessorProcess processor = new ProcessorProcess(child, httpPort);
        child.awaitReady(timeout, () -> HttpProbe.healthUp(processor.url("/q/health/ready")));
        return processor;
    }

    /** {@code http://127.0.0.1:<port><path>}. */
    public String url(String path) {
        return "http://" + LoopbackPorts.HOST + ":" + httpPort + path;
    }
}

package io.coursestream.devstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.coursestream.schemas.registry.RegistryRules;

/**
 * Apicurio Registry as a process, bound to 127.0.0.1, storing its schemas in an H2 file database under
 * {@code <stateDir>/registry/} so that they survive restarts together with the Kafka log whose records refer to
 * their ids.
 *
 * <p>Version 3.0.9 runs on Java 17, like the rest of the project (3.3.x needs Java 21). Its build has no separate
 * management interface: health is served on the HTTP port, and it is ready when {@code /health/ready} reports UP.
 * Once ready, it gets the project's governance rules ({@link RegistryRules}: BACKWARD compatibility, full validity).
 */
public final class RegistryProcess extends ServerProcess {

    private static final String NAME = "registry";

    private final int httpPort;

    private RegistryProcess(ChildProcess process, int httpPort) {
        super(NAME, process);
        this.httpPort = httpPort;
    }

    public static RegistryProcess start(StackTools tools, Path stateDir, int httpPort, Duration timeout) {
        Path home = stateDir.resolve("registry");
        String h2File = home.toAbsolutePath().resolve("registry").toString();
        List<String> command = List.of(
                JavaRuntimes.current().toString(),
                "-Xms128m", "-Xmx512m",
                "-Dquarkus.http.host=" + LoopbackPorts.HOST,
                "-Dquarkus.http.port=" + httpPort,
                "-Dapicurio.storage.kind=sql",
                "-Dapicurio.storage.sql.kind=h2",
                "-Dapicurio.datasource.url=jdbc:h2:file:" + h2File,
                "-Dapicurio.datasource.username=sa",
                "-Dapicurio.datasource.password=sa",
                // The defaults (20 idle connections) are sized for a shared server, not one developer.
                "-Dapicurio.datasource.jdbc.initial-size=2",
                "-Dapicurio.datasource.jdbc.min-size=2",
                "-Dapicurio.datasource.jdbc.max-size=20",
                "-Dapicurio.storage.snapshot.location=" + home.toAbsolutePath().resolve("snapshots"),
                // Local developers may delete what they registered by mistake.
                "-Dapicurio.rest.deletion.group.enabled=true",
                "-Dapicurio.rest.deletion.artifact.enabled=true",
                "-Dapicurio.rest.deletion.artifact-version.enabled=true",
                "-jar", tools.registryRunner().toString());
        ChildProcess child = ChildProcess.start(NAME, command, home, stateDir.resolve("logs").resolve(NAME + ".log"),
                stateDir.resolve("run").resolve(NAME + ".pid"), stateDir.toAbsolutePath().toString(), Map.of());
        RegistryProcess registry = new RegistryProcess(child, httpPort);
        child.awaitReady(timeout, () -> HttpProbe.healthUp(registry.healthUrl()));
        new RegistryRules(registry.apiUrl()).apply();
        return registry;
    }

    /** {@code http://127.0.0.1:<port>}: the registry's HTTP root. */
    public String baseUrl() {
        return "http://" + LoopbackPorts.HOST + ":" + httpPort;
    }

    /** The Apicurio serde's {@code apicurio.registry.url}: the core API v3. */
    public String apiUrl() {
        return baseUrl() + "/apis/registry/v3";
    }

    /** The Confluent-compatible API, for tools that speak only that. */
    public String confluentCompatibleUrl() {
        return baseUrl() + "/apis/ccompat/v7";
    }

    public String healthUrl() {
        return baseUrl() + "/health/ready";
    }
}

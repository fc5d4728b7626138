package io.coursestream.processor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.coursestream.testkit.CoursestreamTestResource;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The one Quarkus test configuration of this module: the app against the shared test harness (broker, registry,
 * S3, SMTP), Dev Services off. Every {@code *IT} uses it, so Quarkus starts the application once for all of them.
 *
 * <p>Kafka Streams keeps its state in a directory of this run: the harness starts a new broker per test JVM, and
 * state (a global store's checkpoint above all) of an earlier run names offsets that broker never had.
 */
public class ProcessorTestProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(CoursestreamTestResource.class));
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        try {
            Path target = Files.createDirectories(Path.of("target"));
            return Map.of("kafka-streams.state.dir",
                    Files.createTempDirectory(target, "kafka-streams-state-").toAbsolutePath().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a state directory under target/", e);
        }
    }
}

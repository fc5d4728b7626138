package io.coursestream.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where the build put the server artifacts: the Kafka broker's classpath, the unpacked Apicurio Registry and the
 * S3 server jar, all under {@code services/devstack/target/stack-tools/}. The build writes their absolute paths into
 * {@code io/coursestream/devstack/tools.properties}, so the classes work the same from the local stack, from this
 * module's tests and from other modules' tests that find this jar in the local repository.
 */
public record StackTools(Path kafkaClasspathDir, Path registryDir, String registryVersion, Path s3proxyJar,
        String kafkaVersion, Path projectRoot) {

    private static final String RESOURCE = "tools.properties";

    /** The locations recorded at build time. */
    public static StackTools load() {
        Properties properties = new Properties();
        try (InputStream in = StackTools.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("io/coursestream/devstack/" + RESOURCE
                        + " is missing: build services/devstack with Maven first");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new StackTools(
                Path.of(required(properties, "kafka.classpath.dir")),
                Path.of(required(properties, "registry.dir")),
                required(properties, "registry.version"),
                Path.of(required(properties, "s3proxy.jar")),
                required(properties, "kafka.version"),
                Path.of(required(properties, "project.root")));
    }

    /** The broker's classpath as the {@code java -cp} wildcard form. */
    public String kafkaClasspath() {
        return requireExists(kafkaClasspathDir).resolve("*").toString();
    }

    /** The registry's Quarkus launcher jar. */
    public Path registryRunner() {
        return requireExists(registryDir.resolve("apicurio-registry-app-" + registryVersion + "-runner.jar"));
    }

    /** The self-contained S3 server jar. */
    public Path s3Server() {
        return requireExists(s3proxyJar);
    }

    private static Path requireExists(Path path) {
        if (!Files.exists(path)) {
            throw new IllegalStateException(path + " does not exist: run `./mvnw -pl services/devstack install` "
                    + "(a `mvn clean` of services/devstack removes the stack tools)");
        }
        return path;
    }

    private static String required(Properties properties, String key) {
        String value = properties.getProperty(key);
        if (value == null || value.isBlank() || value.contains("${")) {
            throw new IllegalStateException(RESOURCE + " has no resolved value for " + key + ": " + value);
        }
        return value;
    }
}

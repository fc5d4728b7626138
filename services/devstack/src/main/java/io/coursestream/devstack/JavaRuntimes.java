package io.coursestream.devstack;

import java.nio.file.Path;

/**
 * The {@code java} executable the server processes run on: the JVM that runs the stack. Every server of the
 * stack (Kafka 4.1, Apicurio Registry 3.0.9, S3Proxy, the Quarkus processor) runs on Java 17.
 */
public final class JavaRuntimes {

    private JavaRuntimes() {
    }

    /** The {@code java} executable of the running JVM. */
    public static Path current() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }
}

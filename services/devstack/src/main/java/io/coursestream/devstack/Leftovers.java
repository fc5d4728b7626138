package io.coursestream.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Finds server processes that outlived the JVM that started them (it was killed and could not run its shutdown
 * hook) through the PID files in {@code <stateDir>/run/}, and stops them. A process is stopped only when its command
 * line names that state directory, so nothing that another program or person started is touched.
 */
public final class Leftovers {

    private Leftovers() {
    }

    /** Stops every leftover server of {@code stateDir}; returns quietly when there is none. */
    public static void stopAll(Path stateDir) {
        Path run = stateDir.resolve("run");
        if (!Files.isDirectory(run)) {
            return;
        }
        String marker = stateDir.toAbsolutePath().normalize().toString();
        try (Stream<Path> pidFiles = Files.list(run)) {
            pidFiles.filter(file -> file.getFileName().toString().endsWith(".pid"))
                    .forEach(file -> ChildProcess.stopLeftover(
                            file.getFileName().toString().replaceFirst("\\.pid$", ""), file, marker));
        } catch (IOException e) {
            // Nothing to stop that we could find.
        }
    }
}

package io.coursestream.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server process started by this JVM: its stdout and stderr go to a log file, its PID is written to a PID file in
 * the state directory, and {@link #close()} signals exactly that PID: SIGTERM, a grace period, then SIGKILL.
 *
 * <p>The PID file lets the next start find a server that outlived a killed stack (the JVM got SIGKILL and could not
 * run its shutdown hook). Such a process is stopped only when its command line names the same state directory, so
 * nothing that another stack or another person started is touched.
 */
final class ChildProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChildProcess.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    /** util-linux {@code setsid}: it execs the command in a new session, so the PID stays the server's own. */
    private static final Optional<Path> SETSID = Stream.of("/usr/bin/setsid", "/bin/setsid")
            .map(Path::of).filter(Files::isExecutable).findFirst();

    private final String name;
    private final Process process;
    private final Path logFile;
    private final Path pidFile;

    private ChildProcess(String name, Process process, Path logFile, Path pidFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.pidFile = pidFile;
    }

    /**
     * Starts {@code command} in {@code workDir} with its output appended to {@code logFile}.
     *
     * @param ownerMarker a string that the command line contains (the state directory), used to recognise a
     *                    leftover of an earlier run through {@code pidFile}
     */
    static ChildProcess start(String name, List<String> command, Path workDir, Path logFile, Path pidFile,
            String ownerMarker, Map<String, String> environment) {
        stopLeftover(name, pidFile, ownerMarker);
        try {
            Files.createDirectories(logFile.getParent());
            Files.createDirectories(pidFile.getParent());
            Files.createDirectories(workDir);
            ProcessBuilder builder = new ProcessBuilder(inOwnSession(command))
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.PIPE);
            builder.environment().putAll(environment);
            LOG.debug("starting {}: {}", name, String.join(" ", command));
            Process process = builder.start();
            // No stdin for servers: closing it keeps a server from waiting on a terminal it does not have.
            process.getOutputStream().close();
            Files.writeString(pidFile, process.pid() + "\n", StandardCharsets.US_ASCII);
            LOG.info("{} started as PID {} (log: {})", name, process.pid(), logFile);
            return new ChildProcess(name, process, logFile, pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /**
     * A Ctrl-C at the terminal signals the whole foreground process group. Servers in a session of their own do not
     * get it: only the launcher does, and it stops them in reverse start order (the processor while the broker is
     * still there to take its last commit and leave the group).
     */
    private static List<String> inOwnSession(List<String> command) {
        return SETSID.map(setsid -> Stream.concat(Stream.of(setsid.toString()), command.stream()).toList())
                .orElse(command);
    }

    /** Runs a short-lived command (a formatter, a tool) to completion; fails when it exits non-zero or hangs. */
    static void run(String name, List<String> command, Path workDir, Path logFile, Duration timeout) {
        Process process = null;
        try {
            Files.createDirectories(logFile.getParent());
            process = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            process.getOutputStream().close();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(name + " did not finish within " + timeout + " (log: " + logFile + ")");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " (log: " + logFile
                        + ")\n" + tail(logFile));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + name, e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + name, e);
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path logFile() {
        return logFile;
    }

    /**
     * Waits until {@code check} answers true. On a timeout or an early exit the process is stopped and the
     * exception carries the end of its log.
     */
    void awaitReady(Duration timeout, Callable<Boolean> check) {
        try {
            Await.until(name, timeout, process::isAlive, check);
            long startedMillis = process.info().startInstant()
                    .map(start -> Duration.between(start, Instant.now()).toMillis()).orElse(-1L);
            LOG.info("{} ready {} ms after its start", name, startedMillis);
        } catch (TimeoutException | RuntimeException e) {
            close();
            throw new IllegalStateException(e.getMessage() + " (log: " + logFile + ")\n" + tail(logFile), e);
        }
    }

    /** SIGTERM to this PID, wait for the grace period, then SIGKILL. Idempotent. */
    @Override
    public void close() {
        stop(name, process.toHandle(), STOP_GRACE);
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            LOG.warn("cannot delete {}", pidFile, e);
        }
    }

    static void stop(String name, ProcessHandle handle, Duration grace) {
        if (!handle.isAlive()) {
            return;
        }
        long started = System.nanoTime();
        // ProcessHandle.destroy() is SIGTERM on Unix: servers shut down cleanly and keep their data consistent.
        handle.destroy();
        try {
            handle.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("{} (PID {}) stopped in {} ms", name, handle.pid(), (System.nanoTime() - started) / 1_000_000);
        } catch (TimeoutException e) {
            LOG.warn("{} (PID {}) ignored SIGTERM for {}; killing it", name, handle.pid(), grace);
            handle.destroyForcibly();
            try {
                handle.onExit().get(10, TimeUnit.SECONDS);
            } catch (TimeoutException | ExecutionException killFailed) {
                LOG.error("{} (PID {}) is still alive after SIGKILL", name, handle.pid());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        } catch (ExecutionException e) {
            LOG.warn("waiting for {} (PID {}) failed", name, handle.pid(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            handle.destroyForcibly();
        }
    }

    /**
     * Stops a process recorded in {@code pidFile} by an earlier run when it is still alive and its command line
     * contains {@code ownerMarker}. The file itself is left for its owner to overwrite.
     */
    static void stopLeftover(String name, Path pidFile, String ownerMarker) {
        readPid(pidFile).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive).ifPresent(handle -> {
            String commandLine = handle.info().commandLine().orElse("");
            if (commandLine.contains(ownerMarker)) {
                LOG.warn("{} from an earlier run is still alive (PID {}); stopping it", name, handle.pid());
                stop(name + " (leftover)", handle, STOP_GRACE);
            } else {
                LOG.debug("PID {} in {} belongs to another program now; leaving it", handle.pid(), pidFile);
            }
        });
    }

    static Optional<Long> readPid(Path pidFile) {
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        try {
            String firstLine = Files.readAllLines(pidFile, StandardCharsets.US_ASCII).stream()
                    .findFirst().orElse("").trim();
            return Optional.of(Long.parseLong(firstLine));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The last lines of a log file, for error messages. */
    static String tail(Path logFile) {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log not readable: " + e.getMessage() + ")";
        }
    }
}

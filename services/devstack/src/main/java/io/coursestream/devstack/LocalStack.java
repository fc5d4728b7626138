package io.coursestream.devstack;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.coursestream.demo.DemoOptions;
import io.coursestream.demo.DemoTraffic;
import io.coursestream.schemas.serde.AvroSerdes;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The local stack's command line.
 *
 * <pre>
 * java -jar services/devstack/target/coursestream-devstack.jar up [--fresh] [--state-dir DIR] [--processor-jar JAR]
 * java -jar services/devstack/target/coursestream-devstack.jar down [--state-dir DIR]
 * </pre>
 *
 * {@code up} blocks until SIGINT/SIGTERM and then stops what it started; {@code down} sends SIGTERM to a running
 * {@code up} (its PID is in {@code <stateDir>/run/stack.pid}) and waits for it to finish.
 */
@Command(name = "coursestream-stack", mixinStandardHelpOptions = true,
        description = "Runs Kafka, Apicurio Registry, PostgreSQL, an S3 server and SMTP on 127.0.0.1, without Docker.",
        subcommands = {LocalStack.Up.class, LocalStack.Down.class})
public final class LocalStack {

    static {
        // The devstack's own logging (log4j2 behind slf4j), unless the caller chose a configuration.
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "io/coursestream/devstack/log4j2-localstack.xml");
        }
        // java.util.logging (the Apicurio serde of the demo traffic logs through it) into the same log4j2 console.
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", "org.apache.logging.log4j.jul.LogManager");
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);
    private static final String PID_FILE = "stack.pid";

    private LocalStack() {
    }

    public static void main(String[] args) {
        int exitCode = new CommandLine(new LocalStack()).execute(args);
        System.exit(exitCode);
    }

    static Path defaultStateDir() {
        return StackTools.load().projectRoot().resolve(".stack");
    }

    @Command(name = "up", mixinStandardHelpOptions = true,
            description = "Starts the stack, prints where to look, and runs until Ctrl-C or SIGTERM.")
    static final class Up implements Callable<Integer> {

        @Option(names = "--state-dir", description = "Kafka log, registry database, PostgreSQL data, S3 objects, "
                + "mail, logs, PID files (default: <project root>/.stack).")
        Path stateDir;

        @Option(names = "--fresh", description = "Wipe the state directory first (Kafka log and registry together).")
        boolean fresh;

        @Option(names = "--processor-jar", paramLabel = "QUARKUS_RUN_JAR",
                description = "Also start the stream processor from this quarkus-run.jar.")
        Path processorJar;

        @Option(names = "--workers-jar", paramLabel = "QUARKUS_RUN_JAR",
                description = "Also start the workers from this quarkus-run.jar.")
        Path workersJar;

        @Spec
        CommandSpec spec;

        @Option(names = "--demo", description = "Also send demo traffic to every input topic.")
        boolean demo;

        @Option(names = "--demo-rate", paramLabel = "EVENTS_PER_SECOND", defaultValue = "20",
                description = "Demo events per second (default: ${DEFAULT-VALUE}).")
        int demoRate;

        @Option(names = "--demo-seed", defaultValue = "42",
                description = "Demo random seed; the same seed gives the same events (default: ${DEFAULT-VALUE}).")
        long demoSeed;

        @Option(names = "--demo-users", defaultValue = "200",
                description = "Users that register in the demo (default: ${DEFAULT-VALUE}).")
        int demoUsers;

        @Option(names = "--demo-courses", defaultValue = "8",
                description = "Courses in the demo catalogue (default: ${DEFAULT-VALUE}).")
        int demoCourses;

        private volatile DemoTraffic demoTraffic;

        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "180",
                description = "How long each server may take to become ready (default: ${DEFAULT-VALUE}).")
        long timeoutSeconds;

        @Option(names = "--processor-timeout", paramLabel = "SECONDS", defaultValue = "300",
                description = "How long the processor and the workers may each take to become ready (default: ${DEFAULT-VALUE}).")
        long processorTimeoutSeconds;

        @Override
        public Integer call() throws InterruptedException {
            Path dir = (stateDir != null ? stateDir : defaultStateDir()).toAbsolutePath().normalize();
            Optional<ProcessHandle> running = runningStack(dir);
            if (running.isPresent()) {
                LOG.error("a stack is already running on {} (PID {}); stop it with `down` first", dir,
                        running.get().pid());
                return 1;
            }
            if (fresh) {
                Stack.wipe(dir);
            }
            Stack.Options options = new Stack.Options(dir, processorJar, workersJar, Duration.ofSeconds(timeoutSeconds),
                    Duration.ofSeconds(processorTimeoutSeconds), System.getenv());
            Stack stack = Stack.create(options);
            CountDownLatch stopped = new CountDownLatch(1);
            Thread stopper = new Thread(() -> {
                LOG.info("stopping the stack");
                stopDemoTraffic();
                stack.close();
                deletePidFile(dir);
                stopped.countDown();
            }, "stack-shutdown");
            Runtime.getRuntime().addShutdownHook(stopper);
            writePidFile(dir);
            try {
                stack.start();
            } catch (RuntimeException e) {
                LOG.error("the stack did not start: {}", e.getMessage(), e);
                return 1;
            }
            writeEndpoints(stack);
            startDemoTraffic(stack.endpoints());
            PrintWriter out = spec.commandLine().getOut();
            printWhereToLook(stack, out);
            if (demo) {
                out.printf("  %-18s %s%n%n", "Demo traffic", demoRate + " events/s to every input topic (seed "
                        + demoSeed + ", " + demoUsers + " users, " + demoCourses + " courses)");
                out.flush();
            }
            // Runs until SIGINT/SIGTERM: the JVM then runs the shutdown hook, which stops the stack.
            stopped.await();
            return 0;
        }

        /** Upstream stand-in: realistic input events for every input topic, in this JVM, until the stack stops. */
        private void startDemoTraffic(StackEndpoints endpoints) {
            if (!demo) {
                return;
            }
            DemoOptions options = new DemoOptions(demoSeed, demoRate, demoUsers, demoCourses);
            demoTraffic = DemoTraffic.start(endpoints.bootstrapServers(), AvroSerdes.forRegistry(endpoints.registryUrl()),
                    options, 0);
        }

        private void stopDemoTraffic() {
            if (demoTraffic != null) {
                demoTraffic.close();
            }
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true,
            description = "Stops a running `up` (SIGTERM to its PID) and waits until it has stopped everything.")
    static final class Down implements Callable<Integer> {

        @Option(names = "--state-dir", description = "The state directory of the running stack "
                + "(default: <project root>/.stack).")
        Path stateDir;

        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
                description = "How long to wait for the stack to stop (default: ${DEFAULT-VALUE}).")
        long timeoutSeconds;

        @Override
        public Integer call() throws InterruptedException {
            Path dir = (stateDir != null ? stateDir : defaultStateDir()).toAbsolutePath().normalize();
            Optional<ProcessHandle> running = runningStack(dir);
            if (running.isEmpty()) {
                LOG.info("no stack is running on {}", dir);
                return 0;
            }
            ProcessHandle stack = running.get();
            LOG.info("stopping the stack (PID {})", stack.pid());
            stack.destroy();
            try {
                stack.onExit().get(timeoutSeconds, TimeUnit.SECONDS);
                LOG.info("stack stopped");
                return 0;
            } catch (TimeoutException e) {
                LOG.error("the stack (PID {}) did not stop within {} s", stack.pid(), timeoutSeconds);
                return 1;
            } catch (java.util.concurrent.ExecutionException e) {
                LOG.error("waiting for the stack failed", e);
                return 1;
            }
        }
    }

    /** The `up` process of this state directory, when one is alive. */
    static Optional<ProcessHandle> runningStack(Path stateDir) {
        return ChildProcess.readPid(stateDir.resolve("run").resolve(PID_FILE))
                .flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(handle -> handle.info().commandLine().orElse("").contains("coursestream-devstack")
                        || handle.info().commandLine().orElse("").contains(LocalStack.class.getName()));
    }

    private static void writePidFile(Path stateDir) {
        try {
            Files.createDirectories(stateDir.resolve("run"));
            Files.writeString(stateDir.resolve("run").resolve(PID_FILE), ProcessHandle.current().pid() + "\n",
                    StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deletePidFile(Path stateDir) {
        try {
            Files.deleteIfExists(stateDir.resolve("run").resolve(PID_FILE));
        } catch (IOException e) {
            LOG.warn("cannot delete the PID file", e);
        }
    }

    /** {@code <stateDir>/endpoints.properties}: the application properties, for scripts and {@code quarkus dev}. */
    private static void writeEndpoints(Stack stack) {
        Properties properties = new Properties();
        properties.putAll(stack.endpoints().applicationProperties());
        Path file = stack.stateDir().resolve("endpoints.properties");
        try (OutputStream out = Files.newOutputStream(file)) {
            properties.store(out, "application properties of the running local stack");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The user-facing banner: where each piece answers. */
    static void printWhereToLook(Stack stack, PrintWriter out) {
        StackEndpoints e = stack.endpoints();
        Path state = stack.stateDir();
        String row = "  %-18s %s%n";
        out.println();
        out.println("coursestream local stack is up (state: " + state + ")");
        out.printf(row, "Kafka", e.bootstrapServers() + "   (bootstrap servers)");
        out.printf(row, "Schema registry", e.registryUrl() + "   (serde URL; browse: " + e.registryUrl()
                + "/search/artifacts, Confluent API: " + stack.registry().confluentCompatibleUrl() + ")");
        stack.processor().ifPresent(p -> {
            out.printf(row, "Stream processor", p.url("/api/...") + "   (interactive queries; log: " + p.logFile() + ")");
            out.printf(row, "", "health  " + p.url("/q/health") + "   (readiness " + p.url("/q/health/ready") + ")");
            out.printf(row, "", "metrics " + p.url("/q/metrics") + "   OpenAPI " + p.url("/q/openapi"));
        });
        stack.workers().ifPresent(w -> out.printf(row, "Workers", w.url("/q/health") + "   (metrics "
                + w.url("/q/metrics") + "; log: " + w.logFile() + ")"));
        out.printf(row, "S3", e.s3Endpoint() + "   access key " + e.s3AccessKey() + ", secret key "
                + e.s3SecretKey() + ", region " + e.s3Region() + ", path-style; objects under " + state.resolve("s3/data"));
        out.printf(row, "SMTP", e.smtpHost() + ":" + e.smtpPort() + "   every mail as a file: "
                + stack.smtp().mailDir() + "/*.eml");
        stack.smtp().imapPort().ifPresent(imap -> out.printf(row, "",
                "IMAP " + e.smtpHost() + ":" + imap + " (user = recipient address, any password)"));
        out.printf(row, "Stripe (local)", stack.stripe().baseUrl() + "   key " + stack.stripe().apiKey()
                + "; payments (PaymentIntents) and affiliate payouts (transfers) land here");
        out.printf(row, "Binance Pay (local)", stack.binance().baseUrl() + "   orders of Binance Pay payments");
        out.printf(row, "PostgreSQL", e.jdbcUrl() + "   user " + e.jdbcUsername() + ", password " + e.jdbcPassword());
        stack.processor().ifPresent(p -> out.printf(row, "Admin CLI", "export KAFKA_BOOTSTRAP_SERVERS="
                + e.bootstrapServers() + " APICURIO_REGISTRY_URL=" + e.registryUrl() + " COURSESTREAM_API_URL="
                + p.url("") + "; java -jar services/admin/target/coursestream-admin.jar failed-jobs list"));
        out.printf(row, "Logs", state.resolve("logs") + "/");
        out.printf(row, "App properties", state.resolve("endpoints.properties"));
        out.printf(row, "Stop", "Ctrl-C, or: java -jar services/devstack/target/coursestream-devstack.jar down"
                + " --state-dir " + state);
        out.println();
        out.flush();
    }
}

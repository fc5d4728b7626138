package io.coursestream.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.icegreen.greenmail.util.GreenMail;

import io.coursestream.devstack.Leftovers;
import io.coursestream.devstack.LoopbackPorts;
import io.coursestream.devstack.RegistryProcess;
import io.coursestream.devstack.S3ServerProcess;
import io.coursestream.devstack.SmtpServer;
import io.coursestream.devstack.StackEndpoints;
import io.coursestream.devstack.StackTools;
import io.coursestream.devstack.TopicProvisioner;

/**
 * The integration-test environment, started once per test JVM on first use and stopped by a JVM shutdown hook:
 * <ul>
 *   <li>a Kafka broker: in this JVM (Kafka's KRaft test kit) by default, or Testcontainers' Kafka module with
 *       {@code -Dcoursestream.test.kafka=testcontainers};</li>
 *   <li>Apicurio Registry and the S3 server as processes (the local stack's classes), started in parallel with the
 *       broker, their state in a temporary directory deleted at the end;</li>
 *   <li>GreenMail SMTP in this JVM;</li>
 *   <li>every topic of the catalogue, created with its partitions and settings.</li>
 * </ul>
 * No PostgreSQL: {@link #endpoints()} has no JDBC fields and {@link #applicationProperties()} no
 * {@code coursestream.postgres.*} keys.
 */
public final class TestEnvironment {

    private static final Logger LOG = LoggerFactory.getLogger(TestEnvironment.class);

    /** {@code inJvm} (default) or {@code testcontainers}. */
    public static final String KAFKA_PROPERTY = "coursestream.test.kafka";
    private static final Duration SERVER_TIMEOUT = Duration.ofMinutes(2);
    private static final String STATE_DIR_PREFIX = "coursestream-testkit-";
    private static final String OWNER_FILE = "owner.pid";

    private static TestEnvironment instance;
    private static RuntimeException startFailure;

    private final StackEndpoints endpoints;
    /** A {@link GreenMail}, typed Object: a view from another class loader may hold one it cannot use. */
    private final Object greenMail;
    private final List<Long> pids;
    private final Duration startupTime;

    private TestEnvironment(StackEndpoints endpoints, Object greenMail, List<Long> pids, Duration startupTime) {
        this.endpoints = endpoints;
        this.greenMail = greenMail;
        this.pids = List.copyOf(pids);
        this.startupTime = startupTime;
    }

    /**
     * The environment of this JVM, started on the first call (10-20 s, most of it the registry). A failed start is
     * not retried: later calls fail at once with the same cause.
     */
    public static synchronized TestEnvironment get() {
        if (instance != null) {
            return instance;
        }
        if (startFailure != null) {
            throw new IllegalStateException("the test environment failed to start earlier in this JVM", startFailure);
        }
        JvmWideRegistration.Claim claim = JvmWideRegistration.claim();
        try {
            if (claim.owner()) {
                instance = start();
                claim.environment().complete(instance.describe());
            } else {
                // Started (or starting) in another class loader of this JVM: use it, start nothing.
                instance = fromDescription(claim.environment().join());
            }
            return instance;
        } catch (RuntimeException e) {
            claim.environment().completeExceptionally(e);
            startFailure = e instanceof CompletionException && e.getCause() instanceof RuntimeException cause
                    ? cause : e;
            throw startFailure;
        }
    }

    private static TestEnvironment start() {
        long started = System.nanoTime();
        stopLeftoversOfKilledJvms();
        Path stateDir = createStateDir();
        StackTools tools = StackTools.load();
        List<AutoCloseable> running = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "testkit-starter");
            thread.setDaemon(true);
            return thread;
        });
        // The registry is the slowest piece; it and the S3 server start while this thread starts the broker.
        CompletableFuture<Timed<RegistryProcess>> registryStart = CompletableFuture.supplyAsync(() -> timed(() ->
                RegistryProcess.start(tools, stateDir, LoopbackPorts.free(), SERVER_TIMEOUT)),
                pool);
        CompletableFuture<Timed<S3ServerProcess>> s3Start = CompletableFuture.supplyAsync(() -> timed(() ->
                S3ServerProcess.start(tools, stateDir, LoopbackPorts.free(), SERVER_TIMEOUT)), pool);
        pool.shutdown();
        try {
            SmtpServer smtp = SmtpServer.forTests();
            running.add(smtp);
            Timed<TestBroker> broker = timed(() -> startBroker(stateDir));
            running.add(broker.value());
            Timed<Void> topics = timed(() -> {
                provisionTopics(broker.value().bootstrapServers());
                return null;
            });
            Timed<RegistryProcess> registry = joinUnwrapped(registryStart);
            Timed<S3ServerProcess> s3 = joinUnwrapped(s3Start);

            Duration total = Duration.ofNanos(System.nanoTime() - started);
            StackEndpoints endpoints = new StackEndpoints(broker.value().bootstrapServers(),
                    registry.value().apiUrl(), s3.value().endpoint(), s3.value().accessKey(), s3.value().secretKey(),
                    s3.value().region(), smtp.host(), smtp.port(), null, null, null);
            List<Long> pids = Stream.of(registry.value().pid(), s3.value().pid())
                    .flatMap(pid -> pid.stream().boxed()).toList();
            TestEnvironment environment = new TestEnvironment(endpoints, smtp.greenMail(), pids, total);
            LOG.info("test environment ready in {} ms (broker {} ms, topics {} ms, registry {} ms, s3 {} ms): {}",
                    total.toMillis(), broker.millis(), topics.millis(), registry.millis(), s3.millis(),
                    broker.value().description());
            List<AutoCloseable> components = List.of(smtp, broker.value(), registry.value(), s3.value());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(components, stateDir), "testkit-shutdown"));
            return environment;
        } catch (RuntimeException e) {
            // Wait for the parallel starts too, so that nothing they started is left running.
            addWhenStarted(registryStart, running, e);
            addWhenStarted(s3Start, running, e);
            stopAll(running);
            deleteQuietly(stateDir);
            throw e;
        }
    }

    private static void addWhenStarted(CompletableFuture<? extends Timed<? extends AutoCloseable>> start,
            List<AutoCloseable> running, RuntimeException failure) {
        try {
            running.add(start.join().value());
        } catch (CompletionException e) {
            if (e.getCause() != failure) {
                failure.addSuppressed(e.getCause());
            }
        }
    }

    private static TestBroker startBroker(Path stateDir) {
        String kind = System.getProperty(KAFKA_PROPERTY, "inJvm");
        if ("testcontainers".equalsIgnoreCase(kind)) {
            return ContainerKafkaBroker.start();
        }
        BrokerLogLevels.quiet();
        return InJvmKafkaBroker.start(stateDir.resolve("kafka"));
    }

    private static void provisionTopics(String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            TopicProvisioner.local().provisionCatalogue(admin);
        }
    }

    // ---- accessors ----------------------------------------------------------------------------------------------

    public String bootstrapServers() {
        return endpoints.bootstrapServers();
    }

    /** The Apicurio core API v3 URL, as the serde's {@code apicurio.registry.url}. */
    public String registryUrl() {
        return endpoints.registryUrl();
    }

    public String s3Endpoint() {
        return endpoints.s3Endpoint();
    }

    public String s3AccessKey() {
        return endpoints.s3AccessKey();
    }

    public String s3SecretKey() {
        return endpoints.s3SecretKey();
    }

    public String s3Region() {
        return endpoints.s3Region();
    }

    /**
     * The SMTP server's GreenMail, for assertions on sent mail.
     *
     * @throws IllegalStateException when the environment was started from another class loader (a Quarkus test's)
     *                               whose GreenMail classes are not this class loader's
     */
    public GreenMail greenMail() {
        if (greenMail instanceof GreenMail mail) {
            return mail;
        }
        throw new IllegalStateException("the test environment was started from another class loader of this JVM; "
                + "its GreenMail is not visible here. Let this class loader start it first (call TestEnvironment.get() "
                + "before the Quarkus tests run) or read the mail another way.");
    }

    public StackEndpoints endpoints() {
        return endpoints;
    }

    /** The properties our Quarkus apps read (see {@link StackEndpoints#applicationProperties()}). */
    public Map<String, String> applicationProperties() {
        return endpoints.applicationProperties();
    }

    /** A new Admin client on the broker; the caller closes it. */
    public Admin newAdmin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    /** How long the first {@link #get()} took to start everything. */
    public Duration startupTime() {
        return startupTime;
    }

    /** The PIDs of the server processes (registry, S3). */
    public List<Long> pids() {
        return pids;
    }

    // ---- lifecycle and sharing ----------------------------------------------------------------------------------

    /** What other class loaders need to use this environment: JDK types only, plus the GreenMail as Object. */
    private Map<String, Object> describe() {
        Map<String, Object> description = new HashMap<>();
        description.put("bootstrapServers", endpoints.bootstrapServers());
        description.put("registryUrl", endpoints.registryUrl());
        description.put("s3Endpoint", endpoints.s3Endpoint());
        description.put("s3AccessKey", endpoints.s3AccessKey());
        description.put("s3SecretKey", endpoints.s3SecretKey());
        description.put("s3Region", endpoints.s3Region());
        description.put("smtpHost", endpoints.smtpHost());
        description.put("smtpPort", endpoints.smtpPort());
        description.put("greenMail", greenMail);
        description.put("pids", pids);
        description.put("startupTime", startupTime);
        return Map.copyOf(description);
    }

    @SuppressWarnings("unchecked")
    private static TestEnvironment fromDescription(Map<String, Object> d) {
        StackEndpoints endpoints = new StackEndpoints((String) d.get("bootstrapServers"), (String) d.get("registryUrl"),
                (String) d.get("s3Endpoint"), (String) d.get("s3AccessKey"), (String) d.get("s3SecretKey"),
                (String) d.get("s3Region"), (String) d.get("smtpHost"), (Integer) d.get("smtpPort"), null, null, null);
        return new TestEnvironment(endpoints, d.get("greenMail"), (List<Long>) d.get("pids"),
                (Duration) d.get("startupTime"));
    }

    private static void stop(List<AutoCloseable> components, Path stateDir) {
        long stopping = System.nanoTime();
        stopAll(new ArrayList<>(components));
        deleteQuietly(stateDir);
        LOG.info("test environment stopped in {} ms", (System.nanoTime() - stopping) / 1_000_000);
    }

    /** Stops in reverse order of the list. */
    private static void stopAll(List<AutoCloseable> components) {
        for (int i = components.size() - 1; i >= 0; i--) {
            try {
                components.get(i).close();
            } catch (Exception e) {
                LOG.warn("stopping {} failed", components.get(i), e);
            }
        }
    }

    private static Path createStateDir() {
        try {
            Path dir = Files.createTempDirectory(STATE_DIR_PREFIX).toAbsolutePath().normalize();
            Files.writeString(dir.resolve(OWNER_FILE), ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the test environment's directory", e);
        }
    }

    /**
     * A test JVM that was killed (a surefire timeout, a developer's kill -9) leaves its registry and S3 processes
     * running. Their state directories name the dead JVM in {@code owner.pid}; stop what they started, then delete.
     */
    private static void stopLeftoversOfKilledJvms() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (Stream<Path> dirs = Files.list(tmp)) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().startsWith(STATE_DIR_PREFIX)).toList()) {
                Path owner = dir.resolve(OWNER_FILE);
                boolean ownerAlive = Files.isRegularFile(owner) && ProcessHandle.of(readPid(owner))
                        .map(ProcessHandle::isAlive).orElse(false);
                if (!ownerAlive) {
                    LOG.info("cleaning up {} of a test JVM that is gone", dir);
                    Leftovers.stopAll(dir.toAbsolutePath().normalize());
                    deleteQuietly(dir);
                }
            }
        } catch (IOException e) {
            LOG.debug("cannot look for leftovers in {}", tmp, e);
        }
    }

    private static long readPid(Path file) {
        try {
            return Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.debug("cannot delete {}", dir, e);
        }
    }

    // ---- timing helpers -----------------------------------------------------------------------------------------

    private record Timed<T>(T value, long millis) {
    }

    private interface Start<T> {
        T start();
    }

    private static <T> Timed<T> timed(Start<T> start) {
        long begin = System.nanoTime();
        T value = start.start();
        return new Timed<>(value, (System.nanoTime() - begin) / 1_000_000);
    }

    private static <T> T joinUnwrapped(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }
}

package io.coursestream.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.coursestream.devstack.binance.BinancePayServer;
import io.coursestream.devstack.stripe.StripeApiServer;

/**
 * The local stack: starts the broker, the registry, PostgreSQL, the S3 server, SMTP and local servers that speak
 * Stripe's and Binance Pay's APIs in parallel, creates the catalogue's topics, optionally starts the stream processor
 * and the workers, and stops everything it started in reverse order.
 * {@link LocalStack} is its command line; {@code LocalStackIT} drives it in-JVM.
 *
 * <p>{@link #close()} may be called at any time, also from a shutdown hook while {@link #start()} is still running:
 * servers that are still starting are interrupted and stopped, so a Ctrl-C during startup leaves nothing behind.
 *
 * <p>State directory layout: {@code kafka/} (log dir), {@code registry/} (H2 file), {@code postgres/data/},
 * {@code s3/data/}, {@code mail/} (received mail as {@code .eml}), {@code processor/}, {@code logs/} (one log per
 * server), {@code run/} (PID files), {@code ports.properties} (the ports, kept across runs).
 */
public final class Stack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Stack.class);
    /** Marks a directory as a stack's state directory, so that {@code --fresh} never wipes anything else. */
    static final String MARKER_FILE = ".coursestream-stack";
    /** The order the components start in (the servers in parallel); they stop in the reverse order. */
    static final List<String> START_ORDER = List.of("kafka", "registry", "postgres", "s3", "smtp", "stripe", "binance",
            "processor", "workers");
    /** The one local processor instance's static group member id. */
    static final String PROCESSOR_GROUP_INSTANCE_ID = "coursestream-processor-local";
    /** Where the local processor mails the job runtime's admin alerts. */
    static final String LOCAL_ADMIN = "admin@coursestream.local";
    static final String LOCAL_WEBHOOK_SECRET = "local-stack-webhook-secret-not-for-production";
    static final String LOCAL_BOUNCE_WEBHOOK_SECRET = "local-stack-bounce-webhook-secret-not-for-production";
    /** The key of the local Stripe API server, which takes any connected account: payouts land there, not at Stripe. */
    static final String LOCAL_STRIPE_KEY = "sk_test_local_stack_not_for_production";
    /** The key pair the local Binance Pay server checks the workers' signed requests with. */
    static final String LOCAL_BINANCE_KEY = "local-stack-binance-key-not-for-production";
    static final String LOCAL_BINANCE_SECRET = "local-stack-binance-secret-not-for-production";

    /**
     * What to start.
     *
     * @param stateDir         where all state, logs and PID files go
     * @param processorJar     the processor's {@code quarkus-run.jar}, or {@code null} to start no processor
     * @param workersJar       the workers' {@code quarkus-run.jar}, or {@code null} to start no workers
     * @param serverTimeout    how long each server may take to become ready
     * @param processorTimeout how long each application (processor, workers) may take to become ready
     * @param environment      where {@code COURSESTREAM_POSTGRES_*} are looked up
     */
    public record Options(Path stateDir, Path processorJar, Path workersJar, Duration serverTimeout,
            Duration processorTimeout, Map<String, String> environment) {

        public Options {
            stateDir = stateDir.toAbsolutePath().normalize();
        }

        /** No applications, default timeouts, the real environment. */
        public static Options of(Path stateDir) {
            return new Options(stateDir, null, null, Duration.ofMinutes(2), Duration.ofMinutes(5), System.getenv());
        }
    }

    private final Options options;
    private final List<StackComponent> started = new ArrayList<>();
    private final ExecutorService starter = Executors.newFixedThreadPool(START_ORDER.size(), runnable -> {
        Thread thread = new Thread(runnable, "stack-starter");
        thread.setDaemon(true);
        return thread;
    });
    private boolean closing;
    private volatile StackEndpoints endpoints;
    private volatile KafkaBrokerProcess kafka;
    private volatile RegistryProcess registry;
    private volatile S3ServerProcess s3;
    private volatile SmtpServer smtp;
    private volatile StripeApiServer stripe;
    private volatile BinancePayServer binance;
    private volatile PostgresServer postgres;
    private volatile QuarkusAppProcess processor;
    private volatile QuarkusAppProcess workers;

    private Stack(Options options) {
        this.options = options;
    }

    /** A stack that has not started yet; register {@link #close()} (e.g. as a shutdown hook), then {@link #start()}. */
    public static Stack create(Options options) {
        return new Stack(options);
    }

    /** Creates and starts a stack. */
    public static Stack up(Options options) {
        return create(options).start();
    }

    /** Deletes a state directory, refusing one that does not look like a stack's. */
    public static void wipe(Path stateDir) {
        Path dir = stateDir.toAbsolutePath().normalize();
        if (!Files.exists(dir)) {
            return;
        }
        if (!Files.exists(dir.resolve(MARKER_FILE))) {
            throw new IllegalArgumentException(dir + " has no " + MARKER_FILE + " file: not wiping a directory that "
                    + "is not a stack's state directory");
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot wipe " + dir, e);
        }
        LOG.info("wiped {}", dir);
    }

    /** Starts everything; on failure stops what had started and rethrows. */
    public Stack start() {
        Path stateDir = options.stateDir();
        long startedAt = System.nanoTime();
        try {
            prepare(stateDir);
            StackTools tools = StackTools.load();
            LoopbackPorts ports = LoopbackPorts.remembered(stateDir);
            int brokerPort = ports.port("kafka.broker");
            int controllerPort = ports.port("kafka.controller");
            int registryPort = ports.port("registry.http");
            int s3Port = ports.port("s3");
            int smtpPort = ports.port("smtp");
            int imapPort = ports.port("imap");
            int postgresPort = ports.port("postgres");
            int stripePort = ports.port("stripe");
            int binancePort = ports.port("binance");
            Duration timeout = options.serverTimeout();

            CompletableFuture<KafkaBrokerProcess> kafkaStart = startAsync(
                    () -> KafkaBrokerProcess.start(tools, stateDir, brokerPort, controllerPort, timeout));
            CompletableFuture<RegistryProcess> registryStart = startAsync(
                    () -> RegistryProcess.start(tools, stateDir, registryPort, timeout));
            CompletableFuture<PostgresServer> postgresStart = startAsync(
                    () -> PostgresServer.fromEnvironmentOrEmbedded(options.environment(), stateDir, postgresPort,
                            timeout));
            CompletableFuture<S3ServerProcess> s3Start = startAsync(
                    () -> S3ServerProcess.start(tools, stateDir, s3Port, timeout));
            CompletableFuture<SmtpServer> smtpStart = startAsync(
                    () -> SmtpServer.start(smtpPort, imapPort, stateDir.resolve("mail")));
            CompletableFuture<StripeApiServer> stripeStart = startAsync(
                    () -> new StripeApiServer(LOCAL_STRIPE_KEY).acceptAnyConnectedAccount().start(stripePort));
            CompletableFuture<BinancePayServer> binanceStart = startAsync(
                    () -> new BinancePayServer(LOCAL_BINANCE_KEY, LOCAL_BINANCE_SECRET).start(binancePort));
            kafka = awaitAll(kafkaStart, registryStart, postgresStart, s3Start, smtpStart, stripeStart, binanceStart);
            registry = registryStart.join();
            postgres = postgresStart.join();
            s3 = s3Start.join();
            smtp = smtpStart.join();
            stripe = stripeStart.join();
            binance = binanceStart.join();
            LOG.info("servers ready in {} ms", (System.nanoTime() - startedAt) / 1_000_000);

            endpoints = new StackEndpoints(kafka.bootstrapServers(), registry.apiUrl(),
                    s3.endpoint(), s3.accessKey(), s3.secretKey(), s3.region(), smtp.host(), smtp.port(),
                    postgres.jdbcUrl(), postgres.username(), postgres.password());
            provisionTopics(endpoints.bootstrapServers());

            if (options.processorJar() != null) {
                Map<String, String> properties = new LinkedHashMap<>(endpoints.applicationProperties());
                // Kafka Streams keeps its state stores beside the rest of the stack's state.
                properties.put("kafka-streams.state.dir",
                        stateDir.resolve("processor").resolve("state").toAbsolutePath().toString());
                // Static membership: a restarted processor takes its tasks back at once instead of waiting for the
                // coordinator to expire the previous member (session.timeout.ms, 45 s).
                properties.put("kafka-streams.group.instance.id", PROCESSOR_GROUP_INSTANCE_ID);
                // The job runtime's admin alerts are mailed to a local administrator: they show in the local mailbox.
                properties.put("coursestream.notifications.admin-alerts.emails", LOCAL_ADMIN);
                int port = ports.port("processor.http");
                processor = startAsync(() -> QuarkusAppProcess.start("processor", options.processorJar(), stateDir,
                        port, properties, options.processorTimeout())).join();
            }
            if (options.workersJar() != null) {
                Map<String, String> properties = new LinkedHashMap<>(endpoints.applicationProperties());
                // The unsubscribe links of the workers' mails point at this stack's processor.
                if (processor != null) {
                    properties.put("coursestream.notifications.unsubscribe-url", processor.url("/api/unsubscribe"));
                    // and the QR codes of the certificates at its verification API
                    properties.put("coursestream.certificates.verification-base-url",
                            processor.url("/api/certificates/"));
                }
                // The keys of outgoing webhooks and of the bounce webhook: the local stack's, as public as its S3
                // credentials; deployments set COURSESTREAM_NOTIFICATIONS_WEBHOOK_SECRET and _BOUNCE_WEBHOOK_SECRET.
                properties.put("coursestream.notifications.webhook-secret", LOCAL_WEBHOOK_SECRET);
                properties.put("coursestream.notifications.bounce-webhook-secret", LOCAL_BOUNCE_WEBHOOK_SECRET);
                // The local S3 server starts empty: the workers create their buckets (invoices and attachments,
                // certificates).
                properties.put("coursestream.storage.create-bucket", "true");
                // Affiliate payouts go to the local Stripe API server, through the real Stripe SDK.
                properties.put("coursestream.payouts.stripe.api-base", stripe.baseUrl());
                properties.put("coursestream.payouts.stripe.api-key", LOCAL_STRIPE_KEY);
                // Payments too: Stripe PaymentIntents at the same local server, Binance Pay orders at its own.
                properties.put("coursestream.payments.stripe.api-base", stripe.baseUrl());
                properties.put("coursestream.payments.stripe.api-key", LOCAL_STRIPE_KEY);
                properties.put("coursestream.payments.binance.api-base", binance.baseUrl());
                properties.put("coursestream.payments.binance.api-key", LOCAL_BINANCE_KEY);
                properties.put("coursestream.payments.binance.secret-key", LOCAL_BINANCE_SECRET);
                int port = ports.port("workers.http");
                workers = startAsync(() -> QuarkusAppProcess.start("workers", options.workersJar(), stateDir, port,
                        properties, options.processorTimeout())).join();
            }
            LOG.info("stack ready in {} ms", (System.nanoTime() - startedAt) / 1_000_000);
            return this;
        } catch (RuntimeException e) {
            close();
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            throw cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
        }
    }

    private static void prepare(Path stateDir) {
        try {
            Files.createDirectories(stateDir);
            Path marker = stateDir.resolve(MARKER_FILE);
            if (!Files.exists(marker)) {
                Files.writeString(marker, "state directory of the coursestream local stack; `up --fresh` wipes it\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + stateDir, e);
        }
    }

    /** Starts a component on the starter pool; a component that finishes starting after close() is stopped at once. */
    private <T extends StackComponent> CompletableFuture<T> startAsync(Supplier<T> start) {
        return CompletableFuture.supplyAsync(() -> {
            T component = start.get();
            synchronized (started) {
                if (!closing) {
                    started.add(component);
                    return component;
                }
            }
            component.close();
            throw new CancellationException("the stack is stopping");
        }, starter);
    }

    /** Waits for all; when one fails, still waits for the others so that every server that started is known. */
    private static KafkaBrokerProcess awaitAll(CompletableFuture<KafkaBrokerProcess> kafka,
            CompletableFuture<?>... others) {
        List<CompletableFuture<?>> all = new ArrayList<>(List.of(others));
        all.add(kafka);
        RuntimeException first = null;
        for (CompletableFuture<?> future : all) {
            try {
                future.join();
            } catch (CompletionException | CancellationException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
        return kafka.join();
    }

    private static void provisionTopics(String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            TopicProvisioner.local().provisionCatalogue(admin);
        }
    }

    public StackEndpoints endpoints() {
        return endpoints;
    }

    public Path stateDir() {
        return options.stateDir();
    }

    /** The PIDs of the processes this stack started (the SMTP server runs inside this JVM and has none). */
    public List<Long> pids() {
        synchronized (started) {
            return started.stream().flatMap(c -> c.pid().stream().boxed()).toList();
        }
    }

    public KafkaBrokerProcess kafka() {
        return kafka;
    }

    public RegistryProcess registry() {
        return registry;
    }

    public S3ServerProcess s3() {
        return s3;
    }

    public SmtpServer smtp() {
        return smtp;
    }

    /** The local Stripe API server the workers' payouts go to. */
    public StripeApiServer stripe() {
        return stripe;
    }

    /** The local Binance Pay server the workers' Binance payments go to. */
    public BinancePayServer binance() {
        return binance;
    }

    public PostgresServer postgres() {
        return postgres;
    }

    public Optional<QuarkusAppProcess> processor() {
        return Optional.ofNullable(processor);
    }

    public Optional<QuarkusAppProcess> workers() {
        return Optional.ofNullable(workers);
    }

    /**
     * Stops everything this stack started and nothing else, in reverse {@link #START_ORDER} (whatever order the
     * parallel starts finished in): the workers and the processor first, the broker last. Idempotent.
     */
    @Override
    public void close() {
        long stopping = System.nanoTime();
        List<StackComponent> toStop;
        synchronized (started) {
            closing = true;
            toStop = new ArrayList<>(started);
            started.clear();
        }
        // Interrupts servers that are still starting; each stops its own process when its wait is interrupted.
        starter.shutdownNow();
        try {
            if (!starter.awaitTermination(options.serverTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("some servers were still starting when the stack stopped");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        toStop.sort(Comparator.comparingInt((StackComponent c) -> START_ORDER.indexOf(c.name())).reversed());
        for (StackComponent component : toStop) {
            try {
                component.close();
            } catch (RuntimeException e) {
                LOG.warn("stopping {} failed", component.name(), e);
            }
        }
        if (!toStop.isEmpty()) {
            LOG.info("stack stopped in {} ms", (System.nanoTime() - stopping) / 1_000_000);
        }
    }
}

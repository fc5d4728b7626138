package io.coursestream.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The PostgreSQL the stack uses: a configured server when {@code COURSESTREAM_POSTGRES_URL} (a JDBC URL),
 * {@code COURSESTREAM_POSTGRES_USER} and {@code COURSESTREAM_POSTGRES_PASSWORD} are set, otherwise an embedded
 * PostgreSQL (zonky's binaries, started as a process) on a loopback port with its data directory in
 * {@code <stateDir>/postgres/data}, where the database {@value #DATABASE} is created on first start.
 */
public final class PostgresServer implements StackComponent {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresServer.class);

    public static final String DATABASE = "coursestream";
    public static final String URL_VARIABLE = "COURSESTREAM_POSTGRES_URL";
    public static final String USER_VARIABLE = "COURSESTREAM_POSTGRES_USER";
    public static final String PASSWORD_VARIABLE = "COURSESTREAM_POSTGRES_PASSWORD";
    private static final String EMBEDDED_USER = "postgres";
    /** The embedded server trusts loopback connections; drivers that insist on a password get this one. */
    private static final String EMBEDDED_PASSWORD = "postgres";

    private final EmbeddedPostgres embedded;
    private final String jdbcUrl;
    private final String username;
    private final String password;
    private final Long pid;

    private PostgresServer(EmbeddedPostgres embedded, String jdbcUrl, String username, String password, Long pid) {
        this.embedded = embedded;
        this.jdbcUrl = jdbcUrl;
        this.username = username;
        this.password = password;
        this.pid = pid;
    }

    /** The configured server when the environment names one, otherwise an embedded one. */
    public static PostgresServer fromEnvironmentOrEmbedded(Map<String, String> environment, Path stateDir, int port,
            Duration timeout) {
        String url = environment.get(URL_VARIABLE);
        if (url != null && !url.isBlank()) {
            return configured(url, environment.getOrDefault(USER_VARIABLE, ""),
                    environment.getOrDefault(PASSWORD_VARIABLE, ""), timeout);
        }
        return embedded(stateDir, port, timeout);
    }

    /** A server that runs elsewhere; fails unless it answers {@code select 1}. Stopping it is not ours to do. */
    public static PostgresServer configured(String jdbcUrl, String username, String password, Duration timeout) {
        try {
            Await.until("PostgreSQL at " + jdbcUrl, timeout, () -> true,
                    () -> selectOne(jdbcUrl, username, password));
        } catch (TimeoutException e) {
            throw new IllegalStateException("the configured PostgreSQL (" + URL_VARIABLE + ") does not answer", e);
        }
        LOG.info("using the configured PostgreSQL at {}", jdbcUrl);
        return new PostgresServer(null, jdbcUrl, username, password, null);
    }

    /** Starts an embedded PostgreSQL whose data outlives the process, and creates {@value #DATABASE}. */
    public static PostgresServer embedded(Path stateDir, int port, Duration timeout) {
        Path home = stateDir.resolve("postgres");
        Path dataDir = home.resolve("data");
        Path log = stateDir.resolve("logs").resolve("postgres.log");
        // A postmaster left over from a stack that was killed still holds the data directory.
        ChildProcess.stopLeftover("postgres", dataDir.resolve("postmaster.pid"), dataDir.toAbsolutePath().toString());
        EmbeddedPostgres postgres;
        try {
            Files.createDirectories(dataDir);
            Files.createDirectories(log.getParent());
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setServerConfig("listen_addresses", LoopbackPorts.HOST)
                    .setPGStartupWait(timeout)
                    // The stack stops the server in its own order; a second hook would race with it.
                    .setRegisterShutdownHook(false)
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL (log: " + log + ")", e);
        }
        String adminUrl = "jdbc:postgresql://" + LoopbackPorts.HOST + ":" + port + "/postgres";
        try {
            createDatabaseIfMissing(adminUrl);
        } catch (SQLException e) {
            closeQuietly(postgres);
            throw new IllegalStateException("cannot create database " + DATABASE, e);
        }
        Long pid = ChildProcess.readPid(dataDir.resolve("postmaster.pid")).orElse(null);
        String url = "jdbc:postgresql://" + LoopbackPorts.HOST + ":" + port + "/" + DATABASE;
        LOG.info("embedded PostgreSQL on {} (PID {}, log: {})", url, pid, log);
        return new PostgresServer(postgres, url, EMBEDDED_USER, EMBEDDED_PASSWORD, pid);
    }

    private static void createDatabaseIfMissing(String adminUrl) throws SQLException {
        try (Connection connection = connect(adminUrl, EMBEDDED_USER, EMBEDDED_PASSWORD);
                PreparedStatement exists = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, DATABASE);
            try (ResultSet rows = exists.executeQuery()) {
                if (rows.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("create database " + DATABASE);
            }
        }
    }

    private static boolean selectOne(String url, String user, String password) throws SQLException {
        try (Connection connection = connect(url, user, password);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select 1")) {
            return rows.next() && rows.getInt(1) == 1;
        }
    }

    private static Connection connect(String url, String user, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("loginTimeout", "5");
        return DriverManager.getConnection(url, properties);
    }

    /** Runs {@code select 1}: true when the server answers. */
    public boolean answers() {
        try {
            return selectOne(jdbcUrl, username, password);
        } catch (SQLException e) {
            return false;
        }
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    /** True when this JVM started the server (and so stops it). */
    public boolean isEmbedded() {
        return embedded != null;
    }

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public OptionalLong pid() {
        return pid == null ? OptionalLong.empty() : OptionalLong.of(pid);
    }

    @Override
    public void close() {
        if (embedded == null) {
            return;
        }
        long started = System.nanoTime();
        // pg_ctl stop (fast shutdown): the postmaster is not our child, pg_ctl started it.
        closeQuietly(embedded);
        // Make sure of it by PID before the next server stops; signal it only if pg_ctl did not succeed.
        if (pid != null) {
            ProcessHandle.of(pid).ifPresent(handle -> {
                try {
                    handle.onExit().get(10, TimeUnit.SECONDS);
                } catch (TimeoutException | ExecutionException e) {
                    ChildProcess.stop("postgres", handle, Duration.ofSeconds(10));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        LOG.info("postgres stopped in {} ms", (System.nanoTime() - started) / 1_000_000);
    }

    private static void closeQuietly(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warn("stopping the embedded PostgreSQL failed", e);
        }
    }
}

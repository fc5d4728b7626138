package io.coursestream.devstack;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where the servers of a stack (local or test) answer, and the application properties our Quarkus apps read.
 *
 * <p>The JDBC fields are {@code null} when the environment has no PostgreSQL (the test harness starts none); the
 * {@code coursestream.postgres.*} properties are then left out.
 *
 * @param bootstrapServers Kafka {@code host:port} list
 * @param registryUrl      Apicurio core API v3 URL, as the serde's {@code apicurio.registry.url} expects
 * @param s3Endpoint       S3 endpoint URL (path-style access)
 */
public record StackEndpoints(
        String bootstrapServers,
        String registryUrl,
        String s3Endpoint,
        String s3AccessKey,
        String s3SecretKey,
        String s3Region,
        String smtpHost,
        int smtpPort,
        String jdbcUrl,
        String jdbcUsername,
        String jdbcPassword) {

    public StackEndpoints {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(registryUrl, "registryUrl");
        Objects.requireNonNull(s3Endpoint, "s3Endpoint");
        Objects.requireNonNull(s3AccessKey, "s3AccessKey");
        Objects.requireNonNull(s3SecretKey, "s3SecretKey");
        Objects.requireNonNull(s3Region, "s3Region");
        Objects.requireNonNull(smtpHost, "smtpHost");
    }

    /** True when the JDBC fields are set. */
    public boolean hasPostgres() {
        return jdbcUrl != null;
    }

    /** The key both apps sign and verify unsubscribe links with, locally (at least 32 bytes). */
    static final String LOCAL_UNSUBSCRIBE_SECRET = "local-stack-unsubscribe-secret-not-for-production";

    /**
     * The configuration contract between the stack and our Quarkus apps: pass these as system properties
     * ({@code -Dkey=value}) or return them from a {@code QuarkusTestResourceLifecycleManager}.
     */
    public Map<String, String> applicationProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("kafka.bootstrap.servers", bootstrapServers);
        properties.put("apicurio.registry.url", registryUrl);
        properties.put("coursestream.storage.endpoint", s3Endpoint);
        properties.put("coursestream.storage.region", s3Region);
        properties.put("coursestream.storage.access-key", s3AccessKey);
        properties.put("coursestream.storage.secret-key", s3SecretKey);
        properties.put("quarkus.mailer.host", smtpHost);
        properties.put("quarkus.mailer.port", Integer.toString(smtpPort));
        // The local SMTP server speaks plain SMTP on loopback; the mailer must neither upgrade nor mock.
        properties.put("quarkus.mailer.start-tls", "DISABLED");
        properties.put("quarkus.mailer.mock", "false");
        // The workers sign one-click unsubscribe links that the processor verifies: both get the same key. A local
        // stack's key, as public as its S3 credentials; deployments set COURSESTREAM_NOTIFICATIONS_UNSUBSCRIBE_SECRET.
        properties.put("coursestream.notifications.unsubscribe-secret", LOCAL_UNSUBSCRIBE_SECRET);
        if (hasPostgres()) {
            properties.put("coursestream.postgres.jdbc-url", jdbcUrl);
            properties.put("coursestream.postgres.username", jdbcUsername);
            properties.put("coursestream.postgres.password", jdbcPassword);
        }
        return Collections.unmodifiableMap(properties);
    }

    /** The same endpoints with a PostgreSQL. */
    public StackEndpoints withPostgres(String url, String username, String password) {
        return new StackEndpoints(bootstrapServers, registryUrl, s3Endpoint, s3AccessKey, s3SecretKey, s3Region,
                smtpHost, smtpPort, url, username, password);
    }
}

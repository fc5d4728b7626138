// Tier: unit (the configuration contract between the stack and the Quarkus apps)
package io.coursestream.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;

class StackEndpointsTest {

    private final StackEndpoints withoutPostgres = new StackEndpoints("127.0.0.1:9092",
            "http://127.0.0.1:8080/apis/registry/v3", "http://127.0.0.1:9000", "key", "secret", "us-east-1",
            "127.0.0.1", 2525, null, null, null);

    @Test
    void shouldExposeExactlyTheContractKeysInAFixedOrder() {
        StackEndpoints endpoints = withoutPostgres.withPostgres("jdbc:postgresql://127.0.0.1:5432/coursestream",
                "postgres", "pw");

        assertThat(endpoints.applicationProperties()).containsExactly(
                entry("kafka.bootstrap.servers", "127.0.0.1:9092"),
                entry("apicurio.registry.url", "http://127.0.0.1:8080/apis/registry/v3"),
                entry("coursestream.storage.endpoint", "http://127.0.0.1:9000"),
                entry("coursestream.storage.region", "us-east-1"),
                entry("coursestream.storage.access-key", "key"),
                entry("coursestream.storage.secret-key", "secret"),
                entry("quarkus.mailer.host", "127.0.0.1"),
                entry("quarkus.mailer.port", "2525"),
                entry("quarkus.mailer.start-tls", "DISABLED"),
                entry("quarkus.mailer.mock", "false"),
                entry("coursestream.notifications.unsubscribe-secret", StackEndpoints.LOCAL_UNSUBSCRIBE_SECRET),
                entry("coursestream.postgres.jdbc-url", "jdbc:postgresql://127.0.0.1:5432/coursestream"),
                entry("coursestream.postgres.username", "postgres"),
                entry("coursestream.postgres.password", "pw"));
    }

    @Test
    void shouldLeaveOutThePostgresKeysWhenThereIsNoPostgres() {
        assertThat(withoutPostgres.hasPostgres()).isFalse();
        assertThat(withoutPostgres.applicationProperties())
                .hasSize(11)
                .doesNotContainKeys("coursestream.postgres.jdbc-url", "coursestream.postgres.username",
                        "coursestream.postgres.password");
    }
}

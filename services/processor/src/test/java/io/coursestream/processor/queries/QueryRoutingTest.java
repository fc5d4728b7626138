// Tier: unit (forwarding to a stand-in owner instance on a loopback HTTP server, no Kafka)
package io.coursestream.processor.queries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.ws.rs.core.Response;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.coursestream.topology.StreamProcessorTopology;
import io.coursestream.topology.testing.SingleObjectAvroSerde;

class QueryRoutingTest {

    private static final String SELF = "127.0.0.1:8080";

    @TempDir
    Path stateDir;

    private KafkaStreams streams;
    private HttpServer owner;
    private QueryRouting routing;
    private final List<String> forwardedBy = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void startOwner() throws IOException {
        owner = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        owner.createContext("/api/users/", exchange -> {
            forwardedBy.add(exchange.getRequestHeaders().getFirst(QueryRouting.FORWARDED_BY));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add(QueryRouting.SERVED_BY, "127.0.0.1:" + owner.getAddress().getPort());
            reply(exchange, 200, "{\"query\":\"" + exchange.getRequestURI().getRawQuery() + "\"}");
        });
        owner.createContext("/api/slow/", exchange -> {
            awaitRelease();
            reply(exchange, 200, "{}");
        });
        owner.start();
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "query-routing-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        streams = new KafkaStreams(StreamProcessorTopology.build(new SingleObjectAvroSerde()), config);
        routing = new QueryRouting(streams, SELF, new ObjectMapper());
    }

    @AfterEach
    void stopOwner() {
        release.countDown();
        owner.stop(0);
        streams.close();
    }

    @Test
    void shouldForwardTheSameRequestToTheOwnerAndPassItsAnswerOn() {
        // when
        Response response = routing.forward(ownerAt(owner.getAddress().getPort()),
                URI.create("http://" + SELF + "/api/users/u%201/ledger?page=1&size=5"), null, "user u 1");

        // then
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getEntity()).isEqualTo("{\"query\":\"page=1&size=5\"}");
        assertThat(response.getMediaType().toString()).isEqualTo("application/json");
        assertThat(response.getHeaderString(QueryRouting.SERVED_BY))
                .isEqualTo("127.0.0.1:" + owner.getAddress().getPort());
        assertThat(forwardedBy).containsExactly(SELF);
    }

    @Test
    void shouldNotForwardARequestThatWasForwardedAlready() {
        assertThatThrownBy(() -> routing.forward(ownerAt(owner.getAddress().getPort()),
                URI.create("http://" + SELF + "/api/users/u1/points"), "127.0.0.1:8081", "user u1"))
                .isInstanceOf(QueryUnavailableException.class)
                .hasMessage("127.0.0.1:8081 forwarded the request for user u1 here, but 127.0.0.1:8080 sees 127.0.0.1:"
                        + owner.getAddress().getPort() + " as its owner: the group is rebalancing");
        assertThat(forwardedBy).isEmpty();
    }

    @Test
    void shouldAnswerServiceUnavailableWhenTheOwnerIsNotThere() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        assertThatThrownBy(() -> routing.forward(ownerAt(closedPort),
                URI.create("http://" + SELF + "/api/users/u1/points"), null, "user u1"))
                .isInstanceOf(QueryUnavailableException.class)
                .satisfies(e -> assertThat(((QueryUnavailableException) e).toResponse().getStatus()).isEqualTo(503))
                .hasMessageContaining("cannot be reached");
    }

    @Test
    void shouldAnswerGatewayTimeoutWhenTheOwnerDoesNotAnswerInTime() {
        long started = System.nanoTime();

        assertThatThrownBy(() -> routing.forward(ownerAt(owner.getAddress().getPort()),
                URI.create("http://" + SELF + "/api/slow/u1"), null, "user u1"))
                .isInstanceOf(QueryUnavailableException.class)
                .satisfies(e -> assertThat(((QueryUnavailableException) e).toResponse().getStatus()).isEqualTo(504))
                .hasMessageContaining("did not answer within 2 s");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(5_000);
    }

    private static QueryRouting.Owner ownerAt(int port) {
        return new QueryRouting.Owner(new HostInfo("127.0.0.1", port), 3, false);
    }

    private void awaitRelease() {
        try {
            release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}

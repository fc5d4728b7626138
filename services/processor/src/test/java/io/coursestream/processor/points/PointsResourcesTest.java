// Tier: unit (the points resources against a Kafka Streams instance that has not started, no broker).
package io.coursestream.processor.points;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.file.Path;
import java.util.Properties;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.coursestream.processor.inputs.ApiError;
import io.coursestream.processor.queries.KeyQueries;
import io.coursestream.processor.queries.QueryRouting;
import io.coursestream.topology.StreamProcessorTopology;
import io.coursestream.topology.testing.SingleObjectAvroSerde;

class PointsResourcesTest {

    private static final String NOT_QUERYABLE =
            "The points stores are not queryable yet (Kafka Streams is CREATED); retry in 2 seconds.";
    private static final String USER_NOT_QUERYABLE =
            "The store holding user u1 is not queryable yet (Kafka Streams is CREATED); retry in 2 seconds.";

    @TempDir
    Path stateDir;

    private KafkaStreams streams;
    private UserPointsResource users;
    private LeaderboardResource leaderboard;
    private InternalPointsResource internal;

    @BeforeEach
    void createStreams() {
        // Kafka Streams created but not started: no metadata, no queryable store
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "points-resources-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        config.put(StreamsConfig.APPLICATION_SERVER_CONFIG, "127.0.0.1:8080");
        streams = new KafkaStreams(StreamProcessorTopology.build(new SingleObjectAvroSerde()), config);
        LocalPointsStores local = new LocalPointsStores(streams);
        QueryRouting routing = new QueryRouting(streams, "127.0.0.1:8080", new ObjectMapper());
        AllPartitions all = new AllPartitions(local, routing);
        users = new UserPointsResource(local, all, new KeyQueries(streams, routing));
        leaderboard = new LeaderboardResource(local, all);
        internal = new InternalPointsResource(local);
    }

    @AfterEach
    void closeStreams() {
        streams.close();
    }

    @Test
    void shouldAnswerServiceUnavailableAtOnceWhileTheStoresAreNotQueryable() {
        assertUnavailable(users.points("u1", null, request("/api/users/u1/points")), USER_NOT_QUERYABLE);
        assertUnavailable(users.ledger("u1", null, null, null, request("/api/users/u1/ledger")), USER_NOT_QUERYABLE);
        assertNotQueryable(leaderboard.leaderboard(null));
        assertNotQueryable(internal.usersAbove("100"));
        assertNotQueryable(internal.top("10"));
    }

    @Test
    void shouldRefuseInvalidParametersBeforeAskingTheStores() {
        assertBadRequest(users.ledger("u1", "0", "501", null, null), "size must be between 1 and 500, was 501.");
        assertBadRequest(users.ledger("u1", "-2", "5", null, null), "page must be 0 or more, was -2.");
        assertBadRequest(leaderboard.leaderboard("0"), "top must be between 1 and 100, was 0.");
        assertBadRequest(internal.usersAbove(null), "total is required.");
        assertBadRequest(internal.top("many"), "top must be a whole number, was 'many'.");
    }

    private static void assertNotQueryable(Response response) {
        assertUnavailable(response, NOT_QUERYABLE);
    }

    private static void assertUnavailable(Response response, String message) {
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("2");
        assertThat(((ApiError) response.getEntity()).message()).isEqualTo(message);
    }

    /** The request as JAX-RS hands it to a resource: only its URI is read (to forward it). */
    private static UriInfo request(String path) {
        return (UriInfo) Proxy.newProxyInstance(UriInfo.class.getClassLoader(), new Class<?>[] {UriInfo.class},
                (proxy, method, arguments) -> {
                    if (method.getName().equals("getRequestUri")) {
                        return URI.create("http://127.0.0.1:8080" + path);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static void assertBadRequest(Response response, String message) {
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(((ApiError) response.getEntity()).message()).isEqualTo(message);
    }
}

package io.coursestream.processor.queries;

import java.net.URI;
import java.util.function.Function;
import java.util.function.IntFunction;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/**
 * One key of one key-value store, answered by whichever instance is asked: read from the local partition that holds
 * it, or forwarded to the instance that does ({@link QueryRouting}); 503 (504) while that cannot be done (see
 * {@link KeyQueryResponses} for how the operations document that). The answer
 * names the instance that read it ({@value QueryRouting#SERVED_BY}).
 */
@ApplicationScoped
public class KeyQueries {

    private final KafkaStreams streams;
    private final QueryRouting routing;

    public KeyQueries(KafkaStreams streams, QueryRouting routing) {
        this.streams = streams;
        this.routing = routing;
    }

    /**
     * @param store       the store's name
     * @param what        what is asked for, for messages ("campaign c1")
     * @param forwardedBy the request's {@value QueryRouting#FORWARDED_BY} header, null from a client
     * @param requestUri  the request's URI, forwarded as it is
     * @param answer      the answer to the value read, null when the store has none for the key
     */
    public <V> Response answer(String store, String key, String what, String forwardedBy, URI requestUri,
            Function<V, Response.ResponseBuilder> answer) {
        return answer(store, key, key, what, forwardedBy, requestUri, answer);
    }

    /**
     * As {@link #answer(String, String, String, String, URI, Function)} for a store whose keys are not the keys its
     * records are partitioned by ({@code userId:courseId} in the partition of {@code userId}).
     *
     * @param partitionKey the key that chose the partition
     * @param storeKey     the key in the store
     */
    public <V> Response answer(String store, String partitionKey, String storeKey, String what, String forwardedBy,
            URI requestUri, Function<V, Response.ResponseBuilder> answer) {
        return answerAt(store, partitionKey, what, forwardedBy, requestUri, partition -> answer.apply(streams.store(
                StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.<String, V>keyValueStore())
                        .withPartition(partition)).get(storeKey)));
    }

    /**
     * The answer read from the partition that holds {@code partitionKey} in {@code store}, on this instance, or
     * forwarded to the instance that holds it: for reads more than a get (a range of the partition's store, several
     * stores of the partition).
     *
     * @param read the answer, read from the given partition of this instance's stores
     */
    public Response answerAt(String store, String partitionKey, String what, String forwardedBy, URI requestUri,
            IntFunction<Response.ResponseBuilder> read) {
        try {
            QueryRouting.Owner owner = routing.owner(store, partitionKey);
            if (!owner.local()) {
                return routing.forward(owner, requestUri, forwardedBy, what);
            }
            return read.apply(owner.partition()).header(QueryRouting.SERVED_BY, routing.self()).build();
        } catch (QueryUnavailableException unavailable) {
            return unavailable.toResponse();
        } catch (InvalidStateStoreException notQueryable) {
            return QueryUnavailableException.retry("The store holding " + what + " is not queryable yet (Kafka"
                    + " Streams is " + streams.state() + ")").toResponse();
        }
    }

    /**
     * {@code key}'s value in the global store {@code store} as this instance has it now (every instance holds all of
     * a global store, so nothing is routed); null while it has none. Called within an answer, whose handling of a
     * store not queryable yet applies.
     */
    public <V> V global(String store, String key) {
        return streams.store(StoreQueryParameters.fromNameAndType(store,
                QueryableStoreTypes.<String, V>keyValueStore())).get(key);
    }
}

package io.coursestream.processor.inputs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import io.coursestream.topology.validation.InputEventCount;
import io.coursestream.topology.validation.InputEventCounts;

/**
 * Interactive query over {@link InputEventCounts#STORE}: how many valid events of each type arrived on each
 * input topic, summed over this instance's store partitions (each counts its own input partitions). With several
 * instances, each answers for the input partitions it processes.
 */
@Path("/api/inputs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "inputs", description = "The validated input topics")
public class InputEventsResource {

    private static final Logger LOG = Logger.getLogger(InputEventsResource.class);
    /** Restoration of a small store takes seconds; asking again sooner is pointless. */
    private static final String RETRY_AFTER_SECONDS = "2";

    private final KafkaStreams streams;

    InputEventsResource(KafkaStreams streams) {
        this.streams = streams;
    }

    @GET
    @Operation(summary = "Valid input events per topic and type",
            description = "Counts of the events that passed validation, since each topic's beginning. Invalid records"
                    + " are not counted: they are on processor.dead-letter.")
    @APIResponse(responseCode = "200", description = "The counts, sorted by topic and event type",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = InputEventCount.class)))
    @APIResponse(responseCode = "503", description = "The store is not queryable yet (starting, rebalancing or"
            + " restoring); retry after the number of seconds in Retry-After",
            headers = @Header(name = "Retry-After", schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response counts() {
        // One attempt, no waiting loop: a store that is not ready yet is the client's signal to retry later.
        try {
            ReadOnlyKeyValueStore<String, Long> store = streams.store(
                    StoreQueryParameters.fromNameAndType(InputEventCounts.STORE, QueryableStoreTypes.keyValueStore()));
            // One entry per key and local partition: the store's iterator goes through the partitions in turn.
            Map<String, Long> sums = new TreeMap<>();
            try (KeyValueIterator<String, Long> all = store.all()) {
                all.forEachRemaining(entry -> sums.merge(entry.key, entry.value, Long::sum));
            }
            List<InputEventCount> counts = new ArrayList<>();
            sums.forEach((key, count) -> counts.add(InputEventCount.fromStore(key, count)));
            counts.sort(Comparator.comparing(InputEventCount::topic).thenComparing(InputEventCount::eventType));
            return Response.ok(counts).build();
        } catch (InvalidStateStoreException notQueryable) {
            LOG.debugf("Counts store not queryable in state %s: %s", streams.state(), notQueryable.getMessage());
            return Response.status(Response.Status.SERVICE_UNAVAILABLE)
                    .header("Retry-After", RETRY_AFTER_SECONDS)
                    .entity(new ApiError("The input event counts are not queryable yet (Kafka Streams is "
                            + streams.state() + "); retry in " + RETRY_AFTER_SECONDS + " seconds."))
                    .build();
        }
    }
}

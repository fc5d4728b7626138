package io.coursestream.processor.webhooks;

import java.net.URI;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.eclipse.microprofile.openapi.annotations.Operation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.coursestream.processor.queries.QueryRouting;
import io.coursestream.processor.queries.QueryUnavailableException;
import io.coursestream.schemas.payments.PaymentWebhookReceived;
import io.coursestream.schemas.payments.Transaction;
import io.coursestream.topology.payments.PaymentTopology;

/**
 * Whether a provider event was published for a transaction: the payment topology keeps every step's source id in the
 * transaction's history ({@link PaymentTopology#TRANSACTIONS_STORE}; a webhook's is its provider event id, kept for
 * good) and a webhook that came before its transaction in {@link PaymentTopology#PENDING_WEBHOOKS_STORE}. Both live
 * on the transaction's partition: read here when this instance holds it, else asked of the one that does
 * ({@code GET /internal/payments/...}, through {@link QueryRouting}).
 */
@ApplicationScoped
@Path("/internal/payments/transactions/{transactionId}/provider-events/{providerEventId}")
public class ProviderEvents implements ProviderEventLog {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaStreams streams;
    private final QueryRouting routing;

    ProviderEvents(KafkaStreams streams, QueryRouting routing) {
        this.streams = streams;
        this.routing = routing;
    }

    /** {@code {"seen": true}} when the event was published for the transaction. */
    public record Seen(boolean seen) {
    }

    @Override
    public boolean contains(String transactionId, String providerEventId) {
        return answer(transactionId, providerEventId, null).seen();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Response seen(@PathParam("transactionId") String transactionId,
            @PathParam("providerEventId") String providerEventId,
            @HeaderParam(QueryRouting.FORWARDED_BY) String forwardedBy) {
        try {
            return Response.ok(answer(transactionId, providerEventId, forwardedBy)).build();
        } catch (QueryUnavailableException unavailable) {
            return unavailable.toResponse();
        }
    }

    private Seen answer(String transactionId, String providerEventId, String forwardedBy) {
        QueryRouting.Owner owner = routing.owner(PaymentTopology.TRANSACTIONS_STORE, transactionId);
        if (owner.local()) {
            return new Seen(seenLocally(owner.partition(), transactionId, providerEventId));
        }
        URI path = URI.create("/internal/payments/transactions/" + transactionId + "/provider-events/"
                + providerEventId);
        Response remote = routing.forward(owner, path, forwardedBy, "transaction " + transactionId);
        if (remote.getStatus() != 200) {
            throw QueryUnavailableException.retry("The instance holding transaction " + transactionId + " answered "
                    + remote.getStatus());
        }
        try {
            return JSON.readValue((String) remote.getEntity(), Seen.class);
        } catch (JsonProcessingException e) {
            throw QueryUnavailableException.retry("The instance holding transaction " + transactionId
                    + " answered something unreadable");
        }
    }

    private boolean seenLocally(int partition, String transactionId, String providerEventId) {
        try {
            Transaction transaction = streams.store(StoreQueryParameters.fromNameAndType(
                    PaymentTopology.TRANSACTIONS_STORE, QueryableStoreTypes.<String, Transaction>keyValueStore())
                    .withPartition(partition)).get(transactionId);
            if (transaction != null && transaction.getHistory().stream()
                    .anyMatch(step -> providerEventId.equals(step.getSourceEventId()))) {
                return true;
            }
            PaymentWebhookReceived waiting = streams.store(StoreQueryParameters.fromNameAndType(
                    PaymentTopology.PENDING_WEBHOOKS_STORE,
                    QueryableStoreTypes.<String, PaymentWebhookReceived>keyValueStore()).withPartition(partition))
                    .get(transactionId + '\u0000' + providerEventId);
            return waiting != null;
        } catch (InvalidStateStoreException notQueryable) {
            throw QueryUnavailableException.retry("The payment stores are not queryable yet (Kafka Streams is "
                    + streams.state() + ")");
        }
    }
}

package io.coursestream.processor.points;

import java.util.function.Supplier;

import jakarta.ws.rs.core.Response;

import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.jboss.logging.Logger;

import io.coursestream.processor.inputs.ApiError;
import io.coursestream.processor.queries.QueryUnavailableException;

/** The answers every points query gives alike: 400 for invalid parameters, 503/504 while it cannot be answered. */
final class PointsResponses {

    private static final Logger LOG = Logger.getLogger(PointsResponses.class);

    private PointsResponses() {
    }

    static Response badRequest(IllegalArgumentException invalid) {
        return Response.status(Response.Status.BAD_REQUEST).entity(new ApiError(invalid.getMessage() + ".")).build();
    }

    /** {@code query}'s answer, or 503 (504) at once while the stores or another instance cannot answer. */
    static Response answer(LocalPointsStores stores, Supplier<Response> query) {
        try {
            return query.get();
        } catch (QueryUnavailableException unavailable) {
            LOG.debugf("Points query not answered: %s", unavailable.getMessage());
            return unavailable.toResponse();
        } catch (InvalidStateStoreException notQueryable) {
            LOG.debugf("The points stores are not queryable in state %s: %s", stores.state(),
                    notQueryable.getMessage());
            return QueryUnavailableException.retry("The points stores are not queryable yet (Kafka Streams is "
                    + stores.state() + ")").toResponse();
        }
    }
}

package io.coursestream.processor.queries;

import jakarta.ws.rs.core.Response;

import io.coursestream.processor.inputs.ApiError;

/**
 * A query that cannot be answered right now, for a reason that passes: the owner of a key is restarting, the group is
 * rebalancing, another instance did not answer in time. Becomes 503 with Retry-After, or 504 when an instance did not
 * answer within the forwarding timeout.
 */
public final class QueryUnavailableException extends RuntimeException {

    /** Restoration or a rebalance takes seconds; asking again sooner is pointless. */
    public static final String RETRY_AFTER_SECONDS = "2";

    private final Response.Status status;

    private QueryUnavailableException(Response.Status status, String message) {
        super(message);
        this.status = status;
    }

    /** 503 with Retry-After. {@code reason} is a sentence without its full stop. */
    public static QueryUnavailableException retry(String reason) {
        return new QueryUnavailableException(Response.Status.SERVICE_UNAVAILABLE, reason);
    }

    /** 504: the instance that holds the answer did not give it in time. */
    public static QueryUnavailableException timeout(String reason) {
        return new QueryUnavailableException(Response.Status.GATEWAY_TIMEOUT, reason);
    }

    public Response toResponse() {
        Response.ResponseBuilder response = Response.status(status)
                .entity(new ApiError(getMessage() + "; retry in " + RETRY_AFTER_SECONDS + " seconds."));
        if (status == Response.Status.SERVICE_UNAVAILABLE) {
            response.header("Retry-After", RETRY_AFTER_SECONDS);
        }
        return response.build();
    }
}

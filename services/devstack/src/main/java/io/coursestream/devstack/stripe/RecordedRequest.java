package io.coursestream.devstack.stripe;

import java.util.Map;

/**
 * A request the server received, in order, for assertions.
 *
 * @param method         HTTP method
 * @param path           path without query
 * @param idempotencyKey the {@code Idempotency-Key} header, or null
 * @param parameters     the decoded form or query parameters
 * @param status         the status answered, also when the answer was then dropped
 * @param replayed       true when the answer was a stored one ({@code Idempotent-Replayed: true})
 * @param dropped        true when the connection was closed instead of answering ({@link StripeApiServer#dropNextResponses})
 */
public record RecordedRequest(String method, String path, String idempotencyKey, Map<String, Object> parameters,
        int status, boolean replayed, boolean dropped) {
}

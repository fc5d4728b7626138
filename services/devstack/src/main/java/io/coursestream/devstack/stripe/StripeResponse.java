package io.coursestream.devstack.stripe;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What an endpoint answers: an HTTP status and a JSON object, in Stripe's shapes. Errors are
 * {@code {"error": {"type", "code", "param", "message", "doc_url"}}} with the status the Stripe SDK maps to its
 * exceptions: 400/404 invalid_request_error (InvalidRequestException), 400 idempotency_error (IdempotencyException),
 * 401 (AuthenticationException), 403 (PermissionException), 429 (RateLimitException), 5xx api_error (ApiException).
 *
 * @param status HTTP status
 * @param body   the JSON object
 */
public record StripeResponse(int status, Map<String, Object> body) {

    public StripeResponse {
        body = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(body));
    }

    /** 200 with {@code object}. */
    public static StripeResponse ok(Map<String, Object> object) {
        return new StripeResponse(200, object);
    }

    /**
     * A Stripe error.
     *
     * @param type    invalid_request_error, idempotency_error, api_error, card_error
     * @param code    Stripe's error code (resource_missing, balance_insufficient), or null
     * @param param   the parameter at fault, or null
     * @param message the human-readable message
     */
    public static StripeResponse error(int status, String type, String code, String param, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        if (code != null) {
            error.put("code", code);
            error.put("doc_url", "https://stripe.com/docs/error-codes/" + code.replace('_', '-')
                    .toLowerCase(Locale.ROOT));
        }
        error.put("message", message);
        if (param != null) {
            error.put("param", param);
        }
        error.put("type", type);
        return new StripeResponse(status, Map.of("error", error));
    }

    /** 400 invalid_request_error. */
    public static StripeResponse invalidRequest(String code, String param, String message) {
        return error(400, "invalid_request_error", code, param, message);
    }

    /** 404 resource_missing, as for an id that does not exist. */
    public static StripeResponse notFound(String param, String message) {
        return error(404, "invalid_request_error", "resource_missing", param, message);
    }

    boolean succeeded() {
        return status >= 200 && status < 300;
    }
}

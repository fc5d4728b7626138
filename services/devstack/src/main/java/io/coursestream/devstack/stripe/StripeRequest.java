package io.coursestream.devstack.stripe;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A request as an endpoint sees it.
 *
 * @param method         HTTP method, upper case
 * @param path           the path without the query ({@code /v1/transfers/tr_123})
 * @param pathParameters the values of the route's {@code {name}} segments
 * @param parameters     the form-encoded body (POST) or query (GET), nested as Stripe reads it ({@link #map})
 * @param headers        the request headers, names in lower case, first value
 */
public record StripeRequest(String method, String path, Map<String, String> pathParameters,
        Map<String, Object> parameters, Map<String, String> headers) {

    public StripeRequest {
        pathParameters = Map.copyOf(pathParameters);
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        headers = Map.copyOf(headers);
    }

    /** A top-level parameter as sent ({@code amount=500} gives "500"), or null. */
    public String string(String name) {
        Object value = parameters.get(name);
        return value instanceof String text ? text : null;
    }

    /** A hash parameter ({@code metadata[key]=value}) as a map of strings; empty when absent. */
    public Map<String, String> map(String name) {
        Object value = parameters.get(name);
        if (!(value instanceof Map<?, ?> map)) {
            return Map.of();
        }
        Map<String, String> strings = new LinkedHashMap<>();
        map.forEach((key, entry) -> strings.put(String.valueOf(key), String.valueOf(entry)));
        return Collections.unmodifiableMap(strings);
    }

    /** A header's first value, or null. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}

package io.coursestream.processor.queries;

import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * The OpenAPI document's answers every key query may give besides its own: 503 while the key's owner is not known or
 * not reachable (with Retry-After) and 504 when the owner does not answer in time ({@link KeyQueries},
 * {@link QueryRouting}). An operation asks for them with {@code @Extension(name = KeyQueryResponses.EXTENSION,
 * value = "true")} instead of repeating them; the marker itself is removed from the document. Registered as
 * {@code mp.openapi.filter}.
 */
public class KeyQueryResponses implements OASFilter {

    /** The marker of an operation that answers through {@link KeyQueries}. */
    public static final String EXTENSION = "x-coursestream-key-query";

    private static final String API_ERROR = "#/components/schemas/ApiError";

    @Override
    public Operation filterOperation(Operation operation) {
        Map<String, Object> extensions = operation.getExtensions();
        if (extensions == null || !extensions.containsKey(EXTENSION)) {
            return operation;
        }
        operation.removeExtension(EXTENSION);
        operation.getResponses()
                .addAPIResponse("503", OASFactory.createAPIResponse()
                        .description("Not answerable now (starting, rebalancing, restoring, or the owning instance is"
                                + " unreachable); retry after the number of seconds in Retry-After")
                        .addHeader("Retry-After", retryAfter())
                        .content(apiError()))
                .addAPIResponse("504", OASFactory.createAPIResponse()
                        .description("The owning instance did not answer in time")
                        .content(apiError()));
        return operation;
    }

    private static Content apiError() {
        MediaType json = OASFactory.createMediaType().schema(OASFactory.createSchema().ref(API_ERROR));
        return OASFactory.createContent().addMediaType(jakarta.ws.rs.core.MediaType.APPLICATION_JSON, json);
    }

    private static Header retryAfter() {
        return OASFactory.createHeader().schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER));
    }
}

package io.coursestream.topology.errors;

import java.util.Optional;

import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/** Reads {@code metadata.eventId} from any catalogue event, for logs that must name the event they are about. */
public final class EventIds {

    private EventIds() {
    }

    /** The event id of {@code value} when it is an event with an envelope; empty for bytes, null or other records. */
    public static Optional<String> of(Object value) {
        if (!(value instanceof IndexedRecord event)) {
            return Optional.empty();
        }
        Schema.Field metadataField = event.getSchema().getField("metadata");
        if (metadataField == null || !(event.get(metadataField.pos()) instanceof IndexedRecord metadata)) {
            return Optional.empty();
        }
        Schema.Field eventIdField = metadata.getSchema().getField("eventId");
        return eventIdField == null ? Optional.empty() : Optional.ofNullable(metadata.get(eventIdField.pos())).map(String::valueOf);
    }
}

package io.coursestream.topology;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;

import io.coursestream.topology.validation.InputEventCounts;
import io.coursestream.topology.validation.ValidatedInputs;

/**
 * The topology the stream processor runs: every bounded context added to one builder on top of the
 * validated inputs. Today that is validation (inputs to {@code processor.dead-letter}) and the input
 * event counts; later contexts take their streams from {@link ValidatedInputs} here.
 */
public final class StreamProcessorTopology {

    private StreamProcessorTopology() {
    }

    /**
     * @param eventDeserializer decodes input record values into generated event classes; thread-safe
     */
    public static Topology build(Deserializer<? extends SpecificRecord> eventDeserializer) {
        StreamsBuilder builder = new StreamsBuilder();
        ValidatedInputs inputs = ValidatedInputs.build(builder, eventDeserializer);
        InputEventCounts.build(inputs);
        return builder.build();
    }
}

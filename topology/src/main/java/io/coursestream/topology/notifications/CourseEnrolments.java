package io.coursestream.topology.notifications;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

import io.coursestream.schemas.learning.CourseEnrolled;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.topology.validation.ValidatedInputs;

/**
 * Which user is enrolled in which course, for the notifications context: campaign audiences ("enrolled in course X")
 * ask it per user, and the course popularity table counts each (user, course) pair once because only a first
 * enrolment passes on.
 *
 * <p>Input: the valid {@link CourseEnrolled} events of {@code learning.learning-events} (keyed by user id). Named state:
 * {@value #STORE}, keyed {@code <userId>NUL<courseId>} ({@link #key}), value the enrolment's {@code occurredAt}; a
 * prefix scan over {@code <userId>NUL} lists a user's courses. Lives in the user's task, like the user directory.
 */
public final class CourseEnrolments {

    /** {@code <userId>NUL<courseId>} to the enrolment's occurredAt in epoch milliseconds. */
    public static final String STORE = "notifications-enrolments-store";
    public static final String PROCESSOR = "notifications-enrolments";

    private static final char SEPARATOR = '\0';

    private CourseEnrolments() {
    }

    /** The store key of one user's enrolment in one course. */
    public static String key(String userId, String courseId) {
        return userId + SEPARATOR + courseId;
    }

    /**
     * Adds the store and its processor.
     *
     * @return the first enrolment of each (user, course) pair, still keyed by user id; a repeated CourseEnrolled (a
     *         replay, a second purchase of the same course) is not in it
     */
    public static KStream<String, CourseEnrolled> build(StreamsBuilder builder, ValidatedInputs inputs) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                Serdes.Long()));
        return inputs.stream(Topics.LEARNING_EVENTS)
                .process(FirstEnrolments::new, Named.as(PROCESSOR), STORE);
    }

    /** Remembers each enrolment and forwards it the first time only. */
    private static final class FirstEnrolments implements Processor<String, SpecificRecord, String, CourseEnrolled> {

        private ProcessorContext<String, CourseEnrolled> context;
        private KeyValueStore<String, Long> store;

        @Override
        public void init(ProcessorContext<String, CourseEnrolled> context) {
            this.context = context;
            this.store = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, SpecificRecord> record) {
            if (!(record.value() instanceof CourseEnrolled enrolled) || !enrolled.getUserId().equals(record.key())) {
                return;
            }
            String key = key(enrolled.getUserId(), enrolled.getCourseId());
            if (store.get(key) == null) {
                store.put(key, enrolled.getMetadata().getOccurredAt().toEpochMilli());
                context.forward(record.withValue(enrolled));
            }
        }
    }
}

// Tier: unit (exception handler decisions, no Kafka).
package io.coursestream.topology.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler.DeserializationHandlerResponse;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler.ProcessingHandlerResponse;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.ProductionExceptionHandlerResponse;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.SerializationExceptionOrigin;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

import io.coursestream.topology.testing.InputEvents;

class ErrorHandlersTest {

    private static final ErrorHandlerContext CONTEXT = new Context();
    private static final ProducerRecord<byte[], byte[]> OUTPUT =
            new ProducerRecord<>("processor.dead-letter", new byte[] {1}, new byte[] {2});

    @Test
    void shouldSkipARecordThatCannotBeDeserialized() {
        var record = new ConsumerRecord<>("t-repartition", 0, 7L, new byte[] {1}, new byte[] {2});

        assertThat(new DeserializationErrorHandler().handle(CONTEXT, record, new SerializationException("bad")))
                .isEqualTo(DeserializationHandlerResponse.CONTINUE);
    }

    @Test
    void shouldSkipARecordThatBrokeAProcessorButFailOnAStateStoreError() {
        var record = new Record<>("user-1", InputEvents.userRegistered("user-1", Instant.now()), 0L);
        ProcessingErrorHandler handler = new ProcessingErrorHandler();

        assertThat(handler.handle(CONTEXT, record, new IllegalArgumentException("no level for -1 points")))
                .isEqualTo(ProcessingHandlerResponse.CONTINUE);
        assertThat(handler.handle(CONTEXT, record, new ProcessorStateException("rocksdb write failed")))
                .isEqualTo(ProcessingHandlerResponse.FAIL);
    }

    @Test
    void shouldRetryTransientSendErrorsSkipOversizedRecordsAndFailOnTheRest() {
        ProductionErrorHandler handler = new ProductionErrorHandler();

        assertThat(handler.handle(CONTEXT, OUTPUT, new NotLeaderOrFollowerException("moved")))
                .isEqualTo(ProductionExceptionHandlerResponse.RETRY);
        assertThat(handler.handle(CONTEXT, OUTPUT, new RecordTooLargeException("too large")))
                .isEqualTo(ProductionExceptionHandlerResponse.CONTINUE);
        assertThat(handler.handle(CONTEXT, OUTPUT, new TopicAuthorizationException(Set.of("processor.dead-letter"))))
                .isEqualTo(ProductionExceptionHandlerResponse.FAIL);
        assertThat(handler.handleSerializationException(CONTEXT, OUTPUT, new SerializationException("registry down"),
                SerializationExceptionOrigin.VALUE))
                .isEqualTo(ProductionExceptionHandlerResponse.FAIL);
    }

    @Test
    void shouldReadTheEventIdOfAnEventAndNothingElse() {
        var event = InputEvents.userRegistered("user-1", Instant.now());

        assertThat(EventIds.of(event)).contains(event.getMetadata().getEventId().toString());
        assertThat(EventIds.of(event.getLocaleSettings())).isEmpty();
        assertThat(EventIds.of(new byte[] {1})).isEmpty();
        assertThat(EventIds.of(null)).isEmpty();
    }

    /** The coordinates a handler is given: users.user-events, partition 3, offset 42. */
    private static final class Context implements ErrorHandlerContext {
        @Override
        public String topic() {
            return "users.user-events";
        }

        @Override
        public int partition() {
            return 3;
        }

        @Override
        public long offset() {
            return 42L;
        }

        @Override
        public Headers headers() {
            return new RecordHeaders();
        }

        @Override
        public String processorNodeId() {
            return "users.user-events-validate";
        }

        @Override
        public TaskId taskId() {
            return new TaskId(0, 3);
        }

        @Override
        public long timestamp() {
            return 0L;
        }

        @Override
        public byte[] sourceRawKey() {
            return null;
        }

        @Override
        public byte[] sourceRawValue() {
            return null;
        }
    }
}

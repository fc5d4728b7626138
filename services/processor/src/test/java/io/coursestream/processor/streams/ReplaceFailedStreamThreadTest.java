// Tier: unit (the stream-thread failure policy, no broker).
package io.coursestream.processor.streams;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class ReplaceFailedStreamThreadTest {

    @Test
    void shouldReplaceAThreadThatATransientFailureKilled() {
        StreamsException registryDown = new StreamsException("cannot decode a record of users.user-events: "
                + "the schema registry is unreachable");

        StreamThreadExceptionResponse response = new ReplaceFailedStreamThread().handle(registryDown);

        assertThat(response).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }
}

// Tier: topology test (TopologyTestDriver, no broker).
package io.coursestream.topology.payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

import io.coursestream.schemas.serde.AvroSerdes;
import io.coursestream.topology.jobs.FailedJobIndex;
import io.coursestream.topology.jobs.JobScheduler;
import io.coursestream.topology.jobs.QueuePolicies;
import io.coursestream.topology.testing.SingleObjectAvroSerde;
import io.coursestream.topology.validation.ValidatedInputs;

/** The names that become changelog and repartition topics: renaming one loses state, so they are pinned. */
class PaymentTopologyNamesTest {

    private final Serde<SpecificRecord> avro = new SingleObjectAvroSerde();

    @Test
    void shouldKeepTheStoreAndRepartitionNames() {
        // given
        TopologyDescription description = wired(new StreamsBuilder()).describe();

        // when
        Set<String> stores = new HashSet<>();
        Set<String> sinkTopics = new HashSet<>();
        Set<String> nodes = new HashSet<>();
        description.subtopologies().forEach(subtopology -> subtopology.nodes().forEach(node -> {
            nodes.add(node.name());
            if (node instanceof TopologyDescription.Processor processor) {
                stores.addAll(processor.stores());
            }
            if (node instanceof TopologyDescription.Sink sink && sink.topic() != null) {
                sinkTopics.add(sink.topic());
            }
        }));

        // then
        assertThat(stores).contains(PaymentTopology.TRANSACTIONS_STORE, PaymentTopology.PENDING_WEBHOOKS_STORE,
                PaymentTopology.SEQUENCES_STORE, PaymentTopology.DOCUMENTS_STORE);
        assertThat(sinkTopics).contains("invoices-number-requests-repartition",
                "invoices-credit-note-requests-repartition", "payments-dead-letters-by-transaction-repartition",
                "payments.payment-results", "payments.transactions", "invoices.invoice-numbers", "admin.alerts");
        assertThat(nodes).contains(PaymentTopology.STATE_MACHINE, PaymentTopology.DEAD_LETTER_OUTCOMES,
                PaymentTopology.NUMBERING, PaymentTopology.CREDIT_NOTE_NUMBERING, PaymentTopology.DEAD_LETTERS,
                PaymentTopology.FAILURE_NOTICES, PaymentTopology.PROVIDER_RESULTS_SOURCE,
                PaymentTopology.WEBHOOKS_SOURCE, PaymentTopology.TRANSACTIONS_SOURCE, PaymentTopology.JOB_REQUESTS);
        assertThat(nodes).filteredOn(name -> name.startsWith("KSTREAM-") || name.startsWith("KTABLE-")).isEmpty();
    }

    @Test
    void shouldPutBothStateMachineNodesInTheTaskOfTheTransaction() {
        // given
        TopologyDescription description = wired(new StreamsBuilder()).describe();

        // when
        TopologyDescription.Subtopology stateMachine = description.subtopologies().stream()
                .filter(subtopology -> subtopology.nodes().stream()
                        .anyMatch(node -> node.name().equals(PaymentTopology.STATE_MACHINE)))
                .findFirst().orElseThrow();

        // then
        assertThat(stateMachine.nodes()).extracting(TopologyDescription.Node::name)
                .contains(PaymentTopology.DEAD_LETTER_OUTCOMES);
    }

    private org.apache.kafka.streams.Topology wired(StreamsBuilder builder) {
        ValidatedInputs inputs = ValidatedInputs.build(builder, avro.deserializer());
        PaymentTopology payments = PaymentTopology.build(builder, inputs, FailedJobIndex.deadLetters(builder, avro),
                avro, PaymentSettings.DEFAULTS);
        JobScheduler.build(builder, payments.jobRequests(), QueuePolicies.defaults(), AvroSerdes.typed(avro), avro);
        return builder.build();
    }
}

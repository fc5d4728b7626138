// Tier: topology test (the built topology's description, no broker).
package io.coursestream.topology.affiliates;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.junit.jupiter.api.Test;

import io.coursestream.schemas.topics.Topics;
import io.coursestream.topology.testing.SingleObjectAvroSerde;
import io.coursestream.topology.validation.ValidatedInputs;

/** The affiliate topology's names and shape: every node, store and repartition topic named, no store shared. */
class AffiliateTopologyTest {

    private final TopologyDescription description = describe();

    @Test
    void shouldNameEveryNodeOfTheContextAffiliates() {
        // given the nodes the affiliate topology added to the validated inputs
        Set<String> names = new HashSet<>();
        description.subtopologies().forEach(subtopology -> subtopology.nodes().forEach(node -> names.add(node.name())));
        description.globalStores().forEach(store -> {
            names.add(store.source().name());
            names.add(store.processor().name());
        });

        // then none was generated, and the context's own all start with affiliates-
        assertThat(names).noneMatch(name -> name.matches("(KSTREAM|KTABLE)-.*\\d{10}"));
        assertThat(names).filteredOn(name -> !name.startsWith("affiliates-"))
                .allMatch(name -> name.equals("control-commands-source") || Topics.inputs().stream()
                        .anyMatch(topic -> name.startsWith(topic.name() + "-")));
        assertThat(names).contains(AffiliateTopology.ATTRIBUTION, AffiliateTopology.CODE_RESOLVER,
                AffiliateTopology.CONVERSION_CHECK, AffiliateTopology.COMMISSION_SPLIT, AffiliateTopology.LEDGER,
                AffiliateTopology.PAYOUT_JOBS, AffiliateTopology.PAYMENT_RESULTS_SOURCE,
                AffiliateTopology.POINTS_EVENTS_SOURCE, AffiliateTopology.PROFILES, "affiliates-events-sink",
                "affiliates-stats-sink", "affiliates-profiles-sink");
    }

    @Test
    void shouldNameEveryStoreAndRepartitionTopic() {
        // given
        Set<String> stores = new HashSet<>();
        Set<String> topics = new HashSet<>();
        description.subtopologies().forEach(subtopology -> subtopology.nodes().forEach(node -> {
            if (node instanceof TopologyDescription.Processor processor) {
                stores.addAll(processor.stores());
            }
            if (node instanceof TopologyDescription.Sink sink && sink.topic() != null) {
                topics.add(sink.topic());
            }
        }));
        description.globalStores().forEach(store -> stores.addAll(store.processor().stores()));

        // then
        assertThat(stores).filteredOn(store -> store.startsWith("affiliates-")).containsExactlyInAnyOrder(
                AffiliateTopology.ATTRIBUTION_STORE, AffiliateTopology.CODES_STORE,
                AffiliateTopology.PENDING_CODES_STORE, AffiliateTopology.TRANSACTIONS_STORE,
                AffiliateTopology.RISK_STORE, AffiliateTopology.SPLITS_STORE, AffiliateTopology.PROFILES_STORE,
                AffiliateTopology.COMMISSIONS_STORE, AffiliateTopology.HOLDS_STORE, AffiliateTopology.PAYABLES_STORE,
                AffiliateTopology.CUSTOMERS_STORE, AffiliateTopology.LEDGERS_STORE, AffiliateTopology.REVIEWS_STORE,
                AffiliateTopology.COMMANDS_STORE, AffiliateTopology.STATS_STORE);
        assertThat(topics).filteredOn(topic -> topic.startsWith("affiliates-")).containsExactlyInAnyOrder(
                List.of(AffiliateTopology.PAYMENTS_BY_USER, AffiliateTopology.REFERRAL_CODES,
                        AffiliateTopology.RESOLVED_CODES, AffiliateTopology.CONVERSIONS_BY_TRANSACTION,
                        AffiliateTopology.REFUNDS_BY_TRANSACTION, AffiliateTopology.CONVERSIONS_BY_AFFILIATE,
                        AffiliateTopology.FINGERPRINTS, AffiliateTopology.LEDGER_UPDATES,
                        AffiliateTopology.REFERRAL_FACTS, AffiliateTopology.LEDGER_COMMANDS).stream()
                        .map(name -> name + "-repartition").toArray(String[]::new));
        assertThat(topics).contains(Topics.AFFILIATE_EVENTS.name(), Topics.AFFILIATE_STATS.name(),
                Topics.AFFILIATE_PROFILES.name());
    }

    @Test
    void shouldKeepEachStoreInOneSubtopology() {
        // given
        Map<String, Set<Integer>> subtopologiesOfStore = new HashMap<>();
        description.subtopologies().forEach(subtopology -> subtopology.nodes().forEach(node -> {
            if (node instanceof TopologyDescription.Processor processor) {
                processor.stores().forEach(store -> subtopologiesOfStore
                        .computeIfAbsent(store, name -> new HashSet<>()).add(subtopology.id()));
            }
        }));

        // then no store is used on both sides of a repartition
        assertThat(subtopologiesOfStore).allSatisfy((store, ids) -> assertThat(ids).as(store).hasSize(1));
    }

    private static TopologyDescription describe() {
        SingleObjectAvroSerde avro = new SingleObjectAvroSerde();
        StreamsBuilder builder = new StreamsBuilder();
        ValidatedInputs inputs = ValidatedInputs.build(builder, avro.deserializer());
        KStream<String, SpecificRecord> commands = builder.stream(Topics.CONTROL_COMMANDS.name(),
                Consumed.with(Serdes.String(), avro).withName("control-commands-source"));
        AffiliateTopology.build(builder, inputs, commands, avro, AffiliateSettings.DEFAULTS);
        return builder.build().describe();
    }
}

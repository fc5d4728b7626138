package io.coursestream.topology.affiliates;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;

import io.coursestream.schemas.affiliates.AffiliateProfile;
import io.coursestream.schemas.affiliates.AffiliateStats;
import io.coursestream.schemas.common.Money;
import io.coursestream.schemas.control.ProcessCommissions;
import io.coursestream.schemas.control.ReviewConversion;
import io.coursestream.schemas.control.ReviewDecision;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.payments.PaymentRefunded;
import io.coursestream.schemas.payments.PaymentSucceeded;
import io.coursestream.schemas.serde.AvroSerdes;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.schemas.users.UserRegistered;
import io.coursestream.topology.testing.SingleObjectAvroSerde;
import io.coursestream.topology.testing.AffiliateFixtures;
import io.coursestream.topology.testing.DriverConfig;
import io.coursestream.topology.testing.InputEvents;
import io.coursestream.topology.validation.ValidatedInputs;

/**
 * The affiliate topology under a TopologyTestDriver as the stream processor wires it (validated inputs, the shared
 * control-commands source), with one method per input a test gives and readers for what came out. Users get their
 * own e-mail, IP and device unless a test gives them, so the self-referral rules only fire where a test means them to.
 */
final class AffiliateDriver implements AutoCloseable {

    static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    static final String JOB_REQUESTS = "test.job-requests";
    /** A user whose payout account links move the ledger's stream time on without touching anyone's numbers. */
    static final String CLOCK = "00000000-0000-4000-8000-00000000c10c";

    private final Serde<SpecificRecord> avro = new SingleObjectAvroSerde();
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, SpecificRecord> users;
    private final TestInputTopic<String, SpecificRecord> referrals;
    private final TestInputTopic<String, SpecificRecord> paymentEvents;
    private final TestInputTopic<String, SpecificRecord> paymentResults;
    private final TestInputTopic<String, SpecificRecord> pointsEvents;
    private final TestInputTopic<String, SpecificRecord> control;
    private final TestOutputTopic<String, SpecificRecord> events;
    private final TestOutputTopic<String, SpecificRecord> stats;
    private final TestOutputTopic<String, SpecificRecord> profiles;
    private final TestOutputTopic<String, SpecificRecord> jobs;
    private final List<Piped> piped = new ArrayList<>();
    private int hosts;

    AffiliateDriver(Path stateDir, AffiliateSettings settings) {
        driver = new TopologyTestDriver(topology(settings), DriverConfig.of("affiliates-test", stateDir), T0);
        users = input(Topics.USER_EVENTS.name());
        referrals = input(Topics.REFERRAL_EVENTS.name());
        paymentEvents = input(Topics.PAYMENT_EVENTS.name());
        paymentResults = input(Topics.PAYMENT_RESULTS.name());
        pointsEvents = input(Topics.POINTS_EVENTS.name());
        control = input(Topics.CONTROL_COMMANDS.name());
        events = output(Topics.AFFILIATE_EVENTS.name());
        stats = output(Topics.AFFILIATE_STATS.name());
        profiles = output(Topics.AFFILIATE_PROFILES.name());
        jobs = output(JOB_REQUESTS);
    }

    Topology topology(AffiliateSettings settings) {
        StreamsBuilder builder = new StreamsBuilder();
        ValidatedInputs inputs = ValidatedInputs.build(builder, avro.deserializer());
        KStream<String, SpecificRecord> commands = builder.stream(Topics.CONTROL_COMMANDS.name(),
                Consumed.with(Serdes.String(), avro).withName("control-commands-source"));
        AffiliateTopology.build(builder, inputs, commands, avro, settings)
                .to(JOB_REQUESTS, Produced.with(Serdes.String(), AvroSerdes.<JobCommand>typed(avro)));
        return builder.build();
    }

    @Override
    public void close() {
        driver.close();
    }

    // ---- inputs ---------------------------------------------------------------------------------------------------

    /** Registers a user without referral code, with an e-mail, IP and device of their own. */
    UserRegistered register(String userId, Instant at) {
        return register(userId, null, at);
    }

    /** Registers a user who came with {@code referralCode} (null for none). */
    UserRegistered register(String userId, String referralCode, Instant at) {
        hosts++;
        return register(AffiliateFixtures.registered(userId, userId.substring(0, 8) + "@example.org", referralCode,
                String.format(Locale.ROOT, "10.0.%d.%d", hosts / 250, hosts % 250 + 1), "device-" + userId, at));
    }

    UserRegistered register(UserRegistered registered) {
        pipe(users, registered.getUserId(), registered, registered.getMetadata().getOccurredAt());
        return registered;
    }

    void click(String userId, String affiliateId, Instant at) {
        pipe(referrals, userId, AffiliateFixtures.clicked(userId, affiliateId, "192.0.2.200", null, at), at);
    }

    void pipeReferral(String userId, SpecificRecord event, Instant at) {
        pipe(referrals, userId, event, at);
    }

    void complete(String userId, String affiliateId, Instant at) {
        pipe(referrals, userId, AffiliateFixtures.completed(userId, affiliateId, at), at);
    }

    PaymentSucceeded pay(String userId, long amountMinor, String currency, Instant at) {
        return pay(AffiliateFixtures.succeeded(InputEvents.id(), userId, userId.substring(0, 8) + "@example.org",
                new Money(amountMinor, currency), at));
    }

    PaymentSucceeded pay(PaymentSucceeded payment) {
        pipe(paymentResults, payment.getTransactionId(), payment, payment.getSucceededAt());
        return payment;
    }

    PaymentRefunded refund(PaymentSucceeded payment, long amountMinor, Instant at) {
        return refund(AffiliateFixtures.refunded(payment.getTransactionId(), payment.getUserId(),
                new Money(amountMinor, payment.getAmount().getCurrency()), at));
    }

    PaymentRefunded refund(PaymentRefunded refund) {
        pipe(paymentEvents, refund.getTransactionId(), refund, refund.getMetadata().getOccurredAt());
        return refund;
    }

    void level(String userId, int level, Instant at) {
        pipe(pointsEvents, userId, AffiliateFixtures.levelChanged(userId, Math.max(1, level - 1), level, at), at);
    }

    void linkPayoutAccount(String affiliateId, String accountId, Instant at) {
        pipe(users, affiliateId, AffiliateFixtures.payoutAccountLinked(affiliateId, accountId, at), at);
    }

    void review(String conversionId, ReviewDecision decision, Instant at) {
        ReviewConversion review = AffiliateFixtures.review(conversionId, decision, "ops@example.org", at);
        pipe(control, review.getCommandId(), review, at);
    }

    void processCommissions(ProcessCommissions command) {
        pipe(control, command.getCommandId(), command, command.getMetadata().getOccurredAt());
    }

    /** Moves the commission ledger's stream time to {@code at}: a record that reaches it and changes no numbers. */
    void streamTimeTo(Instant at) {
        linkPayoutAccount(CLOCK, "acct_clock", at);
    }

    void advanceWallClock(Duration duration) {
        driver.advanceWallClockTime(duration);
    }

    // ---- outputs --------------------------------------------------------------------------------------------------

    /** The affiliate events written since the last call, with their keys. */
    List<KeyValue<String, SpecificRecord>> events() {
        return events.readKeyValuesToList();
    }

    /** The values of {@link #events()} of one type. */
    <T> List<T> eventsOf(List<KeyValue<String, SpecificRecord>> events, Class<T> type) {
        List<T> found = new ArrayList<>();
        events.forEach(event -> {
            if (type.isInstance(event.value)) {
                found.add(type.cast(event.value));
            }
        });
        return found;
    }

    List<KeyValue<String, SpecificRecord>> stats() {
        return stats.readKeyValuesToList();
    }

    List<KeyValue<String, SpecificRecord>> profiles() {
        return profiles.readKeyValuesToList();
    }

    List<JobCommand> jobs() {
        return jobs.readValuesToList().stream().map(JobCommand.class::cast).toList();
    }

    boolean allRead() {
        return events.isEmpty() && jobs.isEmpty();
    }

    AffiliateStats statsOf(String affiliateId) {
        return driver.<String, AffiliateStats>getKeyValueStore(AffiliateTopology.STATS_STORE).get(affiliateId);
    }

    AffiliateProfile profileOf(String userId) {
        return driver.<String, AffiliateProfile>getKeyValueStore(AffiliateTopology.PROFILES_STORE).get(userId);
    }

    TopologyTestDriver driver() {
        return driver;
    }

    /** Pipes every input given so far again, in the same order and with the same timestamps. */
    void replayInputs() {
        for (Piped piped : List.copyOf(piped)) {
            piped.topic().pipeInput(piped.key(), piped.value(), piped.at());
        }
    }

    private void pipe(TestInputTopic<String, SpecificRecord> topic, String key, SpecificRecord value, Instant at) {
        piped.add(new Piped(topic, key, value, at));
        topic.pipeInput(key, value, at);
    }

    /** An input as given. */
    private record Piped(TestInputTopic<String, SpecificRecord> topic, String key, SpecificRecord value, Instant at) {
    }

    private TestInputTopic<String, SpecificRecord> input(String topic) {
        return driver.createInputTopic(topic, new StringSerializer(), avro.serializer());
    }

    private TestOutputTopic<String, SpecificRecord> output(String topic) {
        return driver.createOutputTopic(topic, new StringDeserializer(), avro.deserializer());
    }
}

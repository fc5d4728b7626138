package io.coursestream.topology.affiliates;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import io.coursestream.schemas.affiliates.AffiliateProfile;
import io.coursestream.schemas.affiliates.AffiliateStats;
import io.coursestream.schemas.affiliates.ConversionCandidate;
import io.coursestream.schemas.affiliates.FraudFingerprint;
import io.coursestream.schemas.affiliates.ReferralClicked;
import io.coursestream.schemas.affiliates.ReferralCodeUse;
import io.coursestream.schemas.affiliates.ReferralCompleted;
import io.coursestream.schemas.control.ProcessCommissions;
import io.coursestream.schemas.control.ReviewConversion;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.payments.PaymentRefunded;
import io.coursestream.schemas.payments.PaymentSucceeded;
import io.coursestream.schemas.points.UserLevelChanged;
import io.coursestream.schemas.serde.AvroSerdes;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.schemas.users.PayoutAccountLinked;
import io.coursestream.schemas.users.UserRegistered;
import io.coursestream.topology.streams.EveryPartition;
import io.coursestream.topology.streams.GlobalStoreCopy;
import io.coursestream.topology.validation.ValidatedInputs;

/**
 * The affiliate program (TrackAffiliateConversion and ProcessCommissions of the original system): attribution of
 * referred users, relative multi-tier commissions with a level bonus, fraud scoring, the hold period, reversal on
 * refund, payouts over a threshold, and each affiliate's dashboard statistics.
 *
 * <p>Inputs: ReferralClicked and ReferralCompleted ({@code affiliates.referral-events}), UserRegistered and
 * PayoutAccountLinked ({@code users.user-events}), PaymentRefunded ({@code payments.payment-events}), all validated;
 * PaymentSucceeded from {@code payments.payment-results} and UserLevelChanged from {@code points.events}, read here
 * ({@value #PAYMENT_RESULTS_SOURCE}, {@value #POINTS_EVENTS_SOURCE}); ReviewConversion and ProcessCommissions from
 * {@code control.commands}, sent to every ledger task ({@value #LEDGER_COMMANDS}, a multicast repartition). Outputs:
 * {@code affiliates.affiliate-events} (ConversionTracked, ConversionFlagged, AffiliateCommissionEarned,
 * CommissionApproved, CommissionDeclined, CommissionReversed, PayoutCreated, keyed by affiliate),
 * {@code affiliates.stats} (AffiliateStats per affiliate), {@code affiliates.affiliate-profiles} (each user's sponsor
 * and level, read back as the global store {@value #PROFILES_STORE}), and the returned ExecutePayout job requests.
 *
 * <p>Stages, each keyed by what its state is about, joined by named repartition topics of
 * {@link AffiliateSettings#partitions()} partitions; no store is used on both sides of a repartition:
 * <ol>
 *   <li>Attribution, by referred user ({@link AttributionProcessor}, {@value #ATTRIBUTION_STORE}): touches (clicks,
 *       completed referrals, registration codes) credit their affiliate for the attribution window; the sponsor is
 *       fixed at the first sign-up signal; a succeeded payment (re-keyed by user, {@value #PAYMENTS_BY_USER}) of a
 *       user with a crediting touch becomes a conversion candidate. A registration's code is resolved to its owner by
 *       a detour by code ({@value #REFERRAL_CODES} to {@link ReferralCodeResolver}, {@value #CODES_STORE},
 *       {@value #PENDING_CODES_STORE}, and back by user through {@value #RESOLVED_CODES}); a registration waits for
 *       its code's owner at most the attribution window.</li>
 *   <li>Conversion check, by transaction ({@link ConversionCheck}, {@value #TRANSACTIONS_STORE}; candidates through
 *       {@value #CONVERSIONS_BY_TRANSACTION}, refunds through {@value #REFUNDS_BY_TRANSACTION}): one conversion per
 *       transaction, replays ignored, duplicates marked, refunds summed.</li>
 *   <li>Fraud score and split, by converting affiliate ({@link CommissionSplitter}, {@value #RISK_STORE},
 *       {@value #SPLITS_STORE}; through {@value #CONVERSIONS_BY_AFFILIATE}, and the users' registration facts through
 *       {@value #FINGERPRINTS}).</li>
 *   <li>Commission ledger, by earning affiliate ({@link CommissionLedgerProcessor}, through
 *       {@value #LEDGER_UPDATES}, with clicks, signups and payout accounts through {@value #REFERRAL_FACTS}): life
 *       cycle, payouts, statistics ({@value #STATS_STORE}, what {@code /api/affiliates/{id}/dashboard} serves).</li>
 * </ol>
 * Every id is derived from the inputs ({@link AffiliateIds}), windows and holds run on event time, only the payout
 * schedule on the wall clock, so a replayed input changes nothing.
 *
 * <p>Known limit: clicks are attributed to the id they are keyed by; the clicks of an anonymous visitor are not moved
 * to the user a ReferralCompleted links the visitor to (the ReferralCompleted itself is a touch of the user).
 *
 * <p>Call with the same {@code control-commands-source} stream every context shares; the builder must not read
 * {@code payments.payment-results} or {@code points.events} elsewhere. Nodes: {@code affiliates-*}.
 */
public final class AffiliateTopology {

    // ---- stores -------------------------------------------------------------------------------------------------

    /** User id to {@code AttributionState}. */
    public static final String ATTRIBUTION_STORE = "affiliates-attribution-store";
    /** Referral code to the user id of its owner. */
    public static final String CODES_STORE = "affiliates-codes-store";
    /** {@code <code>NUL<userId>} to the {@code ReferralCodeUse} of a registration waiting for its code's owner. */
    public static final String PENDING_CODES_STORE = "affiliates-pending-codes-store";
    /** Transaction id to {@code ConversionRecord}. */
    public static final String TRANSACTIONS_STORE = "affiliates-conversion-transactions-store";
    /** Affiliate id to {@code AffiliateRiskState}. */
    public static final String RISK_STORE = "affiliates-risk-store";
    /** Conversion id to {@code ConversionSplit}. */
    public static final String SPLITS_STORE = "affiliates-conversion-split-store";
    /** Global: {@code affiliates.affiliate-profiles} read back, user id to {@code AffiliateProfile}. */
    public static final String PROFILES_STORE = "affiliates-profiles-store";
    /** Commission id to {@code CommissionState}. */
    public static final String COMMISSIONS_STORE = "affiliates-commission-store";
    /** {@code <holdUntil millis>NUL<commissionId>} to the commission id, for PENDING commissions. */
    public static final String HOLDS_STORE = "affiliates-hold-index-store";
    /** {@code <affiliateId>NUL<currency>NUL<commissionId>} to the commission id, for approved unpaid commissions. */
    public static final String PAYABLES_STORE = "affiliates-payable-index-store";
    /** {@code <affiliateId>NUL<referredUserId>NUL<commissionId>} to the commission id, for active tier-1 ones. */
    public static final String CUSTOMERS_STORE = "affiliates-customer-index-store";
    /** Affiliate id to {@code AffiliateLedger}: payout account, payout sequence, carry-over. */
    public static final String LEDGERS_STORE = "affiliates-ledger-store";
    /** Conversion id to the first {@code ReviewConversion} decided for it. */
    public static final String REVIEWS_STORE = "affiliates-review-store";
    /** Command id to the event time (epoch millis) of every ProcessCommissions run, so a replayed command pays nothing. */
    public static final String COMMANDS_STORE = "affiliates-command-store";
    /** Affiliate id to {@link AffiliateStats}: the dashboard, the same records as {@code affiliates.stats}. */
    public static final String STATS_STORE = "affiliates-stats-store";

    // ---- sources, repartition topics and processors -------------------------------------------------------------

    public static final String PAYMENT_RESULTS_SOURCE = "affiliates-payment-results-source";
    public static final String POINTS_EVENTS_SOURCE = "affiliates-points-events-source";
    /** The global store's processor; its topic source is {@code affiliates-profiles-source}. */
    public static final String PROFILES = "affiliates-profiles";
    public static final String PAYMENTS_BY_USER = "affiliates-payments-by-user";
    public static final String REFERRAL_CODES = "affiliates-referral-codes";
    public static final String CODE_RESOLVER = "affiliates-referral-code-resolver";
    public static final String RESOLVED_CODES = "affiliates-resolved-codes";
    public static final String ATTRIBUTION = "affiliates-attribution";
    public static final String CONVERSIONS_BY_TRANSACTION = "affiliates-conversions-by-transaction";
    public static final String REFUNDS_BY_TRANSACTION = "affiliates-refunds-by-transaction";
    public static final String CONVERSION_CHECK = "affiliates-conversion-check";
    public static final String CONVERSIONS_BY_AFFILIATE = "affiliates-conversions-by-affiliate";
    public static final String FINGERPRINTS = "affiliates-fingerprints";
    public static final String COMMISSION_SPLIT = "affiliates-commission-split";
    public static final String LEDGER_UPDATES = "affiliates-ledger-updates";
    public static final String REFERRAL_FACTS = "affiliates-referral-facts";
    /** The multicast repartition: each ReviewConversion and ProcessCommissions to every ledger task. */
    public static final String LEDGER_COMMANDS = "affiliates-ledger-commands";
    public static final String LEDGER = "affiliates-ledger";
    public static final String PAYOUT_JOBS = "affiliates-payout-jobs";

    private AffiliateTopology() {
    }

    /**
     * Adds the affiliate program to {@code builder}.
     *
     * @param controlCommands {@code control.commands} as read (the builder reads a topic through one source only);
     *                        commands other than ReviewConversion and ProcessCommissions are ignored
     * @param events          serde of every Avro record read and written; the stores' values and the repartition
     *                        topics are encoded with it
     * @return ExecutePayout job requests (attempt 1), keyed by job id, for the job scheduler
     */
    public static KStream<String, JobCommand> build(StreamsBuilder builder, ValidatedInputs inputs,
            KStream<String, SpecificRecord> controlCommands, Serde<SpecificRecord> events, AffiliateSettings settings) {
        Serde<String> keys = Serdes.String();
        addStores(builder, keys, events);

        // 1. attribution, by referred user
        KStream<String, SpecificRecord> resolvedCodes = inputs.stream(Topics.USER_EVENTS)
                .flatMap((userId, event) -> codeUses(event), Named.as("affiliates-referral-code-uses"))
                .repartition(repartitioned(REFERRAL_CODES, keys, events, settings))
                .process(() -> new ReferralCodeResolver(settings.attribution().window()), Named.as(CODE_RESOLVER),
                        CODES_STORE, PENDING_CODES_STORE)
                .repartition(repartitioned(RESOLVED_CODES, keys, events, settings));
        KStream<String, SpecificRecord> payments = builder.stream(Topics.PAYMENT_RESULTS.name(),
                        Consumed.with(keys, events).withName(PAYMENT_RESULTS_SOURCE))
                .filter((transactionId, event) -> event instanceof PaymentSucceeded,
                        Named.as("affiliates-payments-succeeded"))
                .selectKey((transactionId, event) -> ((PaymentSucceeded) event).getUserId(),
                        Named.as("affiliates-payments-key-by-user"))
                .repartition(repartitioned(PAYMENTS_BY_USER, keys, events, settings));
        KStream<String, SpecificRecord> levels = builder.stream(Topics.POINTS_EVENTS.name(),
                        Consumed.with(keys, events).withName(POINTS_EVENTS_SOURCE))
                .filter((userId, event) -> event instanceof UserLevelChanged, Named.as("affiliates-level-changes"));
        Map<String, KStream<String, SpecificRecord>> attributed = inputs.stream(Topics.REFERRAL_EVENTS)
                .filter((userId, event) -> event instanceof ReferralClicked || event instanceof ReferralCompleted,
                        Named.as("affiliates-referrals"))
                .merge(inputs.stream(Topics.USER_EVENTS).filter((userId, event) -> event instanceof UserRegistered
                        || event instanceof PayoutAccountLinked, Named.as("affiliates-user-events")),
                        Named.as("affiliates-attribution-merge-user-events"))
                .merge(levels, Named.as("affiliates-attribution-merge-levels"))
                .merge(payments, Named.as("affiliates-attribution-merge-payments"))
                .merge(resolvedCodes, Named.as("affiliates-attribution-merge-resolved-codes"))
                .process(() -> new AttributionProcessor(settings), Named.as(ATTRIBUTION), ATTRIBUTION_STORE)
                .split(Named.as(ATTRIBUTION + "-"))
                .branch((key, value) -> value instanceof ConversionCandidate, Branched.as("candidates"))
                .branch((key, value) -> value instanceof FraudFingerprint, Branched.as("fingerprints"))
                .branch((key, value) -> value instanceof AffiliateProfile, Branched.as("profiles"))
                .defaultBranch(Branched.as("facts"));
        attributed.get(ATTRIBUTION + "-profiles").to(Topics.AFFILIATE_PROFILES.name(),
                Produced.with(keys, events).withName("affiliates-profiles-sink"));

        // 2. conversion check, by transaction
        KStream<String, SpecificRecord> refunds = inputs.stream(Topics.PAYMENT_EVENTS)
                .filter((transactionId, event) -> event instanceof PaymentRefunded,
                        Named.as("affiliates-payment-refunds"))
                .repartition(repartitioned(REFUNDS_BY_TRANSACTION, keys, events, settings));
        KStream<String, SpecificRecord> conversions = attributed.get(ATTRIBUTION + "-candidates")
                .repartition(repartitioned(CONVERSIONS_BY_TRANSACTION, keys, events, settings))
                .merge(refunds, Named.as("affiliates-conversion-check-merge-refunds"))
                .process(ConversionCheck::new, Named.as(CONVERSION_CHECK), TRANSACTIONS_STORE)
                .repartition(repartitioned(CONVERSIONS_BY_AFFILIATE, keys, events, settings));

        // 3. fraud score and split, by converting affiliate
        KStream<String, SpecificRecord> ledgerUpdates = attributed.get(ATTRIBUTION + "-fingerprints")
                .repartition(repartitioned(FINGERPRINTS, keys, events, settings))
                .merge(conversions, Named.as("affiliates-commission-split-merge-conversions"))
                .process(() -> new CommissionSplitter(settings), Named.as(COMMISSION_SPLIT), RISK_STORE, SPLITS_STORE)
                .repartition(repartitioned(LEDGER_UPDATES, keys, events, settings));

        // 4. commission ledger, by earning affiliate
        KStream<String, SpecificRecord> commands = controlCommands
                .filter((commandId, command) -> command instanceof ReviewConversion
                        || command instanceof ProcessCommissions, Named.as("affiliates-commands"))
                .repartition(repartitioned(LEDGER_COMMANDS, keys, events, settings)
                        // Sent to every partition: each task reviews and pays its own affiliates' commissions.
                        .withStreamPartitioner(new EveryPartition<>()));
        Map<String, KStream<String, SpecificRecord>> ledger = ledgerUpdates
                .merge(attributed.get(ATTRIBUTION + "-facts")
                        .repartition(repartitioned(REFERRAL_FACTS, keys, events, settings)),
                        Named.as("affiliates-ledger-merge-referral-facts"))
                .merge(commands, Named.as("affiliates-ledger-merge-commands"))
                .process(() -> new CommissionLedgerProcessor(settings), Named.as(LEDGER), COMMISSIONS_STORE,
                        HOLDS_STORE, PAYABLES_STORE, CUSTOMERS_STORE, LEDGERS_STORE, REVIEWS_STORE, COMMANDS_STORE,
                        STATS_STORE)
                .split(Named.as(LEDGER + "-"))
                .branch((key, value) -> value instanceof JobCommand, Branched.as("jobs"))
                .branch((key, value) -> value instanceof AffiliateStats, Branched.as("stats"))
                .defaultBranch(Branched.as("events"));
        ledger.get(LEDGER + "-events").to(Topics.AFFILIATE_EVENTS.name(),
                Produced.with(keys, events).withName("affiliates-events-sink"));
        ledger.get(LEDGER + "-stats").to(Topics.AFFILIATE_STATS.name(),
                Produced.with(keys, events).withName("affiliates-stats-sink"));
        return ledger.get(LEDGER + "-jobs").mapValues(job -> (JobCommand) job, Named.as(PAYOUT_JOBS));
    }

    private static Repartitioned<String, SpecificRecord> repartitioned(String name, Serde<String> keys,
            Serde<SpecificRecord> events, AffiliateSettings settings) {
        return Repartitioned.<String, SpecificRecord>as(name).withKeySerde(keys).withValueSerde(events)
                .withNumberOfPartitions(settings.partitions());
    }

    /** A registration announces its own code, and asks for the owner of the code it came with (not its own). */
    private static List<KeyValue<String, SpecificRecord>> codeUses(SpecificRecord event) {
        List<KeyValue<String, SpecificRecord>> uses = new ArrayList<>();
        if (event instanceof UserRegistered registered) {
            uses.add(KeyValue.pair(registered.getOwnReferralCode(), codeUse(registered,
                    registered.getOwnReferralCode(), true)));
            String code = registered.getReferralCode();
            if (code != null && !code.isBlank() && !code.equals(registered.getOwnReferralCode())) {
                uses.add(KeyValue.pair(code, codeUse(registered, code, false)));
            }
        }
        return uses;
    }

    private static ReferralCodeUse codeUse(UserRegistered registered, String code, boolean owner) {
        return ReferralCodeUse.newBuilder()
                .setReferralCode(code)
                .setUserId(registered.getUserId())
                .setOwner(owner)
                .setAt(registered.getMetadata().getOccurredAt())
                .setEventId(registered.getMetadata().getEventId().toString())
                .setCorrelationId(registered.getMetadata().getCorrelationId())
                .build();
    }

    private static void addStores(StreamsBuilder builder, Serde<String> keys, Serde<SpecificRecord> events) {
        builder.addStateStore(store(ATTRIBUTION_STORE, keys, AvroSerdes.typed(events)));
        builder.addStateStore(store(CODES_STORE, keys, keys));
        builder.addStateStore(store(PENDING_CODES_STORE, keys, AvroSerdes.typed(events)));
        builder.addStateStore(store(TRANSACTIONS_STORE, keys, AvroSerdes.typed(events)));
        builder.addStateStore(store(RISK_STORE, keys, AvroSerdes.typed(events)));
        builder.addStateStore(store(SPLITS_STORE, keys, AvroSerdes.typed(events)));
        builder.addStateStore(store(COMMISSIONS_STORE, keys, AvroSerdes.typed(events)));
        builder.addStateStore(store(HOLDS_STORE, keys, keys));
        builder.addStateStore(store(PAYABLES_STORE, keys, keys));
        builder.addStateStore(store(CUSTOMERS_STORE, keys, keys));
        builder.addStateStore(store(LEDGERS_STORE, keys, AvroSerdes.typed(events)));
        builder.addStateStore(store(REVIEWS_STORE, keys, AvroSerdes.typed(events)));
        builder.addStateStore(store(COMMANDS_STORE, keys, Serdes.Long()));
        builder.addStateStore(store(STATS_STORE, keys, AvroSerdes.<AffiliateStats>typed(events)));
        // A global store is restored from its topic, not a changelog: GlobalStoreCopy only copies records into it.
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PROFILES_STORE), keys,
                        AvroSerdes.<AffiliateProfile>typed(events)).withLoggingDisabled(),
                Topics.AFFILIATE_PROFILES.name(),
                Consumed.with(keys, AvroSerdes.<AffiliateProfile>typed(events)).withName(PROFILES),
                () -> new GlobalStoreCopy<>(PROFILES_STORE));
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> store(String name, Serde<String> keys, Serde<V> values) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), keys, values);
    }
}

package io.coursestream.topology.affiliates;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import io.coursestream.schemas.affiliates.AffiliateLedger;
import io.coursestream.schemas.affiliates.AffiliateStats;
import io.coursestream.schemas.affiliates.CommissionState;
import io.coursestream.schemas.affiliates.CommissionStatus;
import io.coursestream.schemas.control.ReviewConversion;
import io.coursestream.topology.streams.SortableKeys;

/**
 * The commission ledger's stores and their keys. Commissions are kept by id ({@code <conversionId>:<tier>}, so a
 * conversion's commissions are one key range); three indexes, each holding the commission id, follow every change of
 * a commission ({@link #save}): the pending ones by the end of their hold, the approved unpaid ones by affiliate and
 * currency, and the tier-1 ones that make their buyer an active customer, by affiliate and buyer. Composite keys join
 * their parts with NUL, which sorts first and no id carries; times are zero-padded epoch millis.
 */
final class LedgerStores {

    static final char SEPARATOR = '\u0000';
    private static final StringSerializer KEYS = new StringSerializer();

    final KeyValueStore<String, CommissionState> commissions;
    final KeyValueStore<String, String> holds;
    final KeyValueStore<String, String> payables;
    final KeyValueStore<String, String> customers;
    final KeyValueStore<String, AffiliateLedger> ledgers;
    final KeyValueStore<String, ReviewConversion> reviews;
    final KeyValueStore<String, Long> commands;
    final KeyValueStore<String, AffiliateStats> stats;

    private LedgerStores(ProcessorContext<?, ?> context) {
        this.commissions = context.getStateStore(AffiliateTopology.COMMISSIONS_STORE);
        this.holds = context.getStateStore(AffiliateTopology.HOLDS_STORE);
        this.payables = context.getStateStore(AffiliateTopology.PAYABLES_STORE);
        this.customers = context.getStateStore(AffiliateTopology.CUSTOMERS_STORE);
        this.ledgers = context.getStateStore(AffiliateTopology.LEDGERS_STORE);
        this.reviews = context.getStateStore(AffiliateTopology.REVIEWS_STORE);
        this.commands = context.getStateStore(AffiliateTopology.COMMANDS_STORE);
        this.stats = context.getStateStore(AffiliateTopology.STATS_STORE);
    }

    static LedgerStores of(ProcessorContext<?, ?> context) {
        return new LedgerStores(context);
    }

    static String holdKey(Instant holdUntil, String commissionId) {
        return millis(holdUntil) + SEPARATOR + commissionId;
    }

    /** The first key after every hold ending at or before {@code upTo}. */
    static String holdsEndingAfter(Instant upTo) {
        return millis(upTo.plusMillis(1));
    }

    static String payableKey(String affiliateId, String currency, String commissionId) {
        return affiliateId + SEPARATOR + currency + SEPARATOR + commissionId;
    }

    static String customerKey(String affiliateId, String referredUserId, String commissionId) {
        return affiliateId + SEPARATOR + referredUserId + SEPARATOR + commissionId;
    }

    /** The commissions of one conversion found in this task, tier order. */
    List<CommissionState> ofConversion(String conversionId) {
        List<CommissionState> found = new ArrayList<>();
        try (KeyValueIterator<String, CommissionState> range = commissions.prefixScan(conversionId + ":", KEYS)) {
            range.forEachRemaining(entry -> found.add(entry.value));
        }
        return found;
    }

    /** Distinct active customers of an affiliate, counted up to {@code atMost}. */
    long activeCustomers(String affiliateId, long atMost) {
        long count = 0;
        String previous = null;
        try (KeyValueIterator<String, String> range = customers.prefixScan(affiliateId + SEPARATOR, KEYS)) {
            while (count < atMost && range.hasNext()) {
                String key = range.next().key;
                String buyer = key.substring(affiliateId.length() + 1, key.indexOf(SEPARATOR, affiliateId.length() + 1));
                if (!buyer.equals(previous)) {
                    count++;
                    previous = buyer;
                }
            }
        }
        return count;
    }

    AffiliateLedger ledgerOf(String affiliateId) {
        AffiliateLedger ledger = ledgers.get(affiliateId);
        return ledger != null ? ledger : AffiliateLedger.newBuilder()
                .setAffiliateId(affiliateId)
                .setPayoutProvider(null)
                .setPayoutAccountId(null)
                .setPayoutSequence(0)
                .setCarryOver(Map.of())
                .setCarryOverReversalIds(Map.of())
                .build();
    }

    /** Stores {@code next} (replacing {@code previous}, null for a new commission) and moves its index entries. */
    void save(CommissionState previous, CommissionState next) {
        commissions.put(next.getCommissionId(), next);
        index(holds, previous != null && pending(previous), pending(next), holdKey(next.getHoldUntil(),
                next.getCommissionId()), next.getCommissionId());
        index(payables, previous != null && payable(previous), payable(next), payableKey(next.getAffiliateId(),
                next.getAmount().getCurrency(), next.getCommissionId()), next.getCommissionId());
        index(customers, previous != null && active(previous), active(next), customerKey(next.getAffiliateId(),
                next.getReferredUserId(), next.getCommissionId()), next.getCommissionId());
    }

    private static void index(KeyValueStore<String, String> index, boolean was, boolean is, String key, String value) {
        if (is && !was) {
            index.put(key, value);
        } else if (was && !is) {
            index.delete(key);
        }
    }

    private static boolean pending(CommissionState commission) {
        return commission.getStatus() == CommissionStatus.PENDING;
    }

    private static boolean payable(CommissionState commission) {
        return commission.getStatus() == CommissionStatus.APPROVED && commission.getPayoutId() == null;
    }

    /** A tier-1 commission neither declined nor taken back by a full refund makes its buyer an active customer. */
    private static boolean active(CommissionState commission) {
        return commission.getTier() == 1 && !commission.getFullyRefunded()
                && commission.getStatus() != CommissionStatus.DECLINED
                && commission.getStatus() != CommissionStatus.REVERSED;
    }

    /** Epoch millis as a sortable key; a time before 1970 counts as 1970. */
    private static String millis(Instant at) {
        return SortableKeys.digits(Math.max(0L, at.toEpochMilli()));
    }
}

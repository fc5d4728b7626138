package io.coursestream.topology.affiliates;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.coursestream.schemas.affiliates.AffiliateLedger;
import io.coursestream.schemas.affiliates.CommissionState;
import io.coursestream.schemas.affiliates.CommissionStatus;
import io.coursestream.schemas.affiliates.PayoutCreated;
import io.coursestream.schemas.common.Money;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.payments.PaymentProvider;

/**
 * A payout run (ProcessCommissions) over one task's affiliates: for each affiliate and currency with approved unpaid
 * commissions (approved at or before the run's {@code asOf}, within its filters), {@link PayoutRule} decides; a
 * payout is a {@link PayoutCreated} (id from the affiliate, the currency and the affiliate's payout sequence), an
 * ExecutePayout job to the linked account, its commissions PAID and the currency's carry-over deducted in full. A dry
 * run only logs what it would pay and changes nothing.
 */
final class Payouts {

    /** A run's parameters: a scheduled run has no command id and no filters. */
    record Run(String commandId, Instant asOf, String currency, String affiliateId, boolean dryRun, Instant at,
            String correlationId, String causationId) {
    }

    /** Where a payout's job request goes. */
    interface Jobs {
        void request(JobCommand job, Instant at);
    }

    private static final Logger LOG = LoggerFactory.getLogger(Payouts.class);

    private final LedgerStores stores;
    private final CommissionLedger.Outbox outbox;
    private final Jobs jobs;
    private final AffiliateSettings settings;

    Payouts(LedgerStores stores, CommissionLedger.Outbox outbox, Jobs jobs, AffiliateSettings settings) {
        this.stores = stores;
        this.outbox = outbox;
        this.jobs = jobs;
        this.settings = settings;
    }

    void run(Run run) {
        Map<String, Map<String, List<CommissionState>>> balances = payables(run);
        balances.forEach((affiliateId, currencies) -> currencies.forEach((currency, commissions) ->
                settle(run, affiliateId, currency, commissions)));
    }

    /** Approved unpaid commissions by affiliate and currency, in key order. */
    private Map<String, Map<String, List<CommissionState>>> payables(Run run) {
        Map<String, Map<String, List<CommissionState>>> balances = new LinkedHashMap<>();
        List<String> ids = new ArrayList<>();
        try (KeyValueIterator<String, String> range = run.affiliateId() == null ? stores.payables.all()
                : stores.payables.prefixScan(run.affiliateId() + LedgerStores.SEPARATOR,
                        new StringSerializer())) {
            range.forEachRemaining(entry -> ids.add(entry.value));
        }
        for (String id : ids) {
            CommissionState commission = stores.commissions.get(id);
            if (commission == null || commission.getStatus() != CommissionStatus.APPROVED
                    || commission.getPayoutId() != null || commission.getApprovedAt().isAfter(run.asOf())) {
                continue;
            }
            String currency = commission.getAmount().getCurrency();
            if (run.currency() != null && !run.currency().equals(currency)) {
                continue;
            }
            balances.computeIfAbsent(commission.getAffiliateId(), affiliate -> new LinkedHashMap<>())
                    .computeIfAbsent(currency, code -> new ArrayList<>()).add(commission);
        }
        return balances;
    }

    private void settle(Run run, String affiliateId, String currency, List<CommissionState> commissions) {
        long threshold;
        try {
            threshold = PayoutRule.thresholdMinor(settings.payouts().threshold(), currency);
        } catch (IllegalArgumentException e) {
            LOG.warn("No payout to affiliate {} in {}: not an ISO 4217 currency", affiliateId, currency);
            return;
        }
        AffiliateLedger ledger = stores.ledgerOf(affiliateId);
        long gross = commissions.stream().mapToLong(CommissionState::getApprovedMinor).sum();
        long carryOver = ledger.getCarryOver().getOrDefault(currency, 0L);
        long customers = stores.activeCustomers(affiliateId, settings.payouts().minActiveCustomers());
        PayoutRule.Decision decision = PayoutRule.decide(gross, carryOver, threshold, customers,
                settings.payouts().minActiveCustomers(), ledger.getPayoutAccountId() != null);
        if (!decision.pays() || run.dryRun()) {
            LOG.info("{}affiliate {} in {}: gross {}, carry-over {}, net {}: {}", run.dryRun() ? "Dry run: " : "",
                    affiliateId, currency, gross, carryOver, decision.net(), decision.outcome());
            return;
        }
        long sequence = ledger.getPayoutSequence() + 1;
        String payoutId = AffiliateIds.payoutId(affiliateId, currency, sequence);
        List<String> commissionIds = commissions.stream().map(CommissionState::getCommissionId).toList();
        PayoutCreated payout = PayoutCreated.newBuilder()
                .setMetadata(AffiliateIds.metadata("payout-created", payoutId, run.at(),
                        run.correlationId() != null ? run.correlationId() : payoutId, run.causationId()))
                .setPayoutId(payoutId)
                .setAffiliateId(affiliateId)
                .setAmount(new Money(decision.net(), currency))
                .setGrossAmount(new Money(gross, currency))
                .setDeductedAmount(new Money(decision.deducted(), currency))
                .setCommissionIds(commissionIds)
                .setReversalIds(List.copyOf(ledger.getCarryOverReversalIds().getOrDefault(currency, List.of())))
                .setCommandId(run.commandId())
                .setAsOf(run.asOf())
                .build();
        for (CommissionState commission : commissions) {
            stores.save(commission, CommissionState.newBuilder(commission).setStatus(CommissionStatus.PAID)
                    .setPayoutId(payoutId).build());
        }
        Map<String, Long> carried = new HashMap<>(ledger.getCarryOver());
        carried.remove(currency);
        Map<String, List<String>> reversalIds = new HashMap<>(ledger.getCarryOverReversalIds());
        reversalIds.remove(currency);
        stores.ledgers.put(affiliateId, AffiliateLedger.newBuilder(ledger)
                .setPayoutSequence(sequence)
                .setCarryOver(carried)
                .setCarryOverReversalIds(reversalIds)
                .build());
        outbox.publish(affiliateId, payout, run.at());
        PaymentProvider provider = ledger.getPayoutProvider() == null
                || ledger.getPayoutProvider() == PaymentProvider.UNKNOWN ? PaymentProvider.STRIPE
                : ledger.getPayoutProvider();
        jobs.request(PayoutJobs.request(payout, sequence, provider, ledger.getPayoutAccountId(), run.at()), run.at());
        LOG.info("Payout {} to affiliate {}: {} {} ({} gross, {} deducted, {} commissions)", payoutId, affiliateId,
                decision.net(), currency, gross, decision.deducted(), commissionIds.size());
    }
}

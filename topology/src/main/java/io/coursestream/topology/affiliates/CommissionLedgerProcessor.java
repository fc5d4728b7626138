package io.coursestream.topology.affiliates;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import io.coursestream.schemas.affiliates.AffiliateStats;
import io.coursestream.schemas.affiliates.CommissionReversalRequest;
import io.coursestream.schemas.affiliates.ConversionFlagged;
import io.coursestream.schemas.affiliates.ConversionTracked;
import io.coursestream.schemas.affiliates.ReferralClicked;
import io.coursestream.schemas.affiliates.SponsorFixed;
import io.coursestream.schemas.affiliates.TierCommission;
import io.coursestream.schemas.control.ProcessCommissions;
import io.coursestream.schemas.control.ReviewConversion;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.users.PayoutAccountLinked;

/**
 * The commission ledger of one task's affiliates (keyed by affiliate; see {@link LedgerStores}): the one place that
 * publishes affiliate events, so each affiliate's statistics ({@value AffiliateTopology#STATS_STORE}) fold exactly
 * the events published for them.
 *
 * <p>Before and after each record, the holds that ended by the task's stream time are released
 * ({@link CommissionLedger#releaseHolds}); the stream time is the latest event time the task has seen, so a refund
 * after a hold ended finds its commission approved. Every {@link AffiliateSettings.Payouts#interval()} of wall-clock
 * time a scheduled payout run ({@link Payouts}) covers every affiliate of the task; a {@link ProcessCommissions} (one
 * copy per task) first releases the holds ending by its {@code asOf} and then runs with its filters (a dry run
 * changes nothing).
 *
 * <p>Output: the affiliate events (keyed by affiliate), then each changed {@link AffiliateStats} (keyed by affiliate)
 * once per input record or punctuation, and the ExecutePayout {@link JobCommand}s (keyed by job id).
 */
final class CommissionLedgerProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

    private final AffiliateSettings settings;
    private final Set<String> changedStats = new LinkedHashSet<>();
    private ProcessorContext<String, SpecificRecord> context;
    private LedgerStores stores;
    private CommissionLedger ledger;
    private Payouts payouts;

    CommissionLedgerProcessor(AffiliateSettings settings) {
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.stores = LedgerStores.of(context);
        this.ledger = new CommissionLedger(stores, this::publish);
        this.payouts = new Payouts(stores, this::publish,
                (job, at) -> context.forward(new Record<>(job.getJobId(), job, at.toEpochMilli())), settings);
        context.schedule(settings.payouts().interval(), PunctuationType.WALL_CLOCK_TIME, this::scheduledPayouts);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        releaseHolds();
        SpecificRecord value = record.value();
        if (value instanceof TierCommission commission) {
            ledger.earn(commission);
        } else if (value instanceof ConversionTracked tracked) {
            if (!ledger.converted(tracked.getConversionId())) {
                publish(tracked.getAffiliateId(), tracked, tracked.getMetadata().getOccurredAt());
            }
        } else if (value instanceof ConversionFlagged flagged) {
            publish(flagged.getAffiliateId(), flagged, flagged.getMetadata().getOccurredAt());
        } else if (value instanceof CommissionReversalRequest reversal) {
            ledger.reverse(reversal);
        } else if (value instanceof ReferralClicked clicked) {
            count(clicked.getAffiliateId(), clicked);
        } else if (value instanceof SponsorFixed fixed) {
            count(fixed.getSponsorId(), fixed);
        } else if (value instanceof PayoutAccountLinked linked) {
            ledger.linkAccount(linked);
        } else if (value instanceof ReviewConversion review) {
            ledger.review(review);
        } else if (value instanceof ProcessCommissions command) {
            run(command);
        }
        releaseHolds();
        flushStats();
    }

    /** A command runs once per task: a replayed one (same command id) pays nothing; a dry run leaves no trace. */
    private void run(ProcessCommissions command) {
        if (stores.commands.get(command.getCommandId()) != null) {
            return;
        }
        if (!command.getDryRun()) {
            stores.commands.put(command.getCommandId(), command.getMetadata().getOccurredAt().toEpochMilli());
            ledger.releaseHolds(command.getAsOf());
        }
        payouts.run(new Payouts.Run(command.getCommandId(), command.getAsOf(), command.getCurrency(),
                command.getAffiliateId(), command.getDryRun(), command.getMetadata().getOccurredAt(),
                command.getMetadata().getCorrelationId(), command.getMetadata().getEventId().toString()));
    }

    private void scheduledPayouts(long wallClockMillis) {
        Instant asOf = Instant.ofEpochMilli(Math.max(0, context.currentStreamTimeMs()));
        payouts.run(new Payouts.Run(null, asOf, null, null, false, Instant.ofEpochMilli(wallClockMillis), null, null));
        flushStats();
    }

    private void releaseHolds() {
        long streamTime = context.currentStreamTimeMs();
        if (streamTime >= 0) {
            ledger.releaseHolds(Instant.ofEpochMilli(streamTime));
        }
    }

    /** Publishes an affiliate event and folds it into the affiliate's statistics. */
    private void publish(String affiliateId, SpecificRecord event, Instant at) {
        context.forward(new Record<>(affiliateId, event, at.toEpochMilli()));
        count(affiliateId, event);
    }

    private void count(String affiliateId, SpecificRecord event) {
        AffiliateStats before = stores.stats.get(affiliateId);
        AffiliateStats after = AffiliateStatsFold.apply(before, affiliateId, event, settings.dailySeriesDays());
        if (after != before) {
            stores.stats.put(affiliateId, after);
            changedStats.add(affiliateId);
        }
    }

    private void flushStats() {
        for (String affiliateId : changedStats) {
            AffiliateStats stats = stores.stats.get(affiliateId);
            context.forward(new Record<>(affiliateId, stats, stats.getUpdatedAt().toEpochMilli()));
        }
        changedStats.clear();
    }
}

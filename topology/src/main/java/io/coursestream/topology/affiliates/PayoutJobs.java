package io.coursestream.topology.affiliates;

import java.time.Instant;
import java.util.List;

import io.coursestream.schemas.affiliates.PayoutCreated;
import io.coursestream.schemas.jobs.ExecutePayout;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.schemas.jobs.JobType;
import io.coursestream.schemas.payments.PaymentProvider;
import io.coursestream.topology.jobs.JobRequests;

/**
 * A payout as the job request the job scheduler takes: EXECUTE_PAYOUT, attempt 1 on {@code jobs.affiliates}, the
 * queue's retry budget, unique per payout. Its id, unique key and provider idempotency key all derive from the
 * payout id, so the same payout requested twice is one job and a retried transfer never pays twice.
 */
final class PayoutJobs {

    private PayoutJobs() {
    }

    /** The provider idempotency key of a payout's transfer. */
    static String idempotencyKey(String payoutId) {
        return "affiliate-payout-" + payoutId;
    }

    /**
     * @param provider           provider of the affiliate's linked account
     * @param destinationAccount the linked account
     * @param at                 when the payout was created: enqueued and first enqueued then
     */
    static JobCommand request(PayoutCreated payout, long sequence, PaymentProvider provider, String destinationAccount,
            Instant at) {
        ExecutePayout payload = ExecutePayout.newBuilder()
                .setPayoutId(payout.getPayoutId())
                .setAffiliateId(payout.getAffiliateId())
                .setAmount(payout.getAmount())
                .setCommissionIds(List.copyOf(payout.getCommissionIds()))
                .setProvider(provider)
                .setDestinationAccount(destinationAccount)
                .setIdempotencyKey(idempotencyKey(payout.getPayoutId()))
                .setDescription("Affiliate payout " + sequence + " (" + payout.getAmount().getCurrency() + ")")
                .build();
        return JobRequests.request(AffiliateIds.payoutJobId(payout.getPayoutId()), JobType.EXECUTE_PAYOUT,
                JobQueue.AFFILIATES, payout.getPayoutId(), payout.getMetadata().getCorrelationId(),
                payout.getMetadata().getEventId().toString(), at, payload);
    }
}

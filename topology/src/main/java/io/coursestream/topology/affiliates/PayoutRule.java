package io.coursestream.topology.affiliates;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;

/**
 * Whether an affiliate is paid out in one currency, without Kafka. The balance is the approved, unpaid commissions
 * ({@code gross}) less the carry-over of reversals after approval; it is paid when it reaches the threshold, the
 * affiliate has the minimum of active customers and has linked a payout account. Otherwise nothing happens and the
 * whole balance, negative or not, waits for a later run.
 */
final class PayoutRule {

    /** Why a balance is not paid; {@link #PAY} when it is. */
    enum Outcome {
        PAY, NOTHING_APPROVED, BELOW_THRESHOLD, TOO_FEW_ACTIVE_CUSTOMERS, NO_PAYOUT_ACCOUNT
    }

    /**
     * @param gross    approved unpaid commissions, minor units
     * @param deducted carry-over the payout deducts (all of it), minor units
     * @param net      gross less deducted: what is transferred
     */
    record Decision(Outcome outcome, long gross, long deducted, long net) {

        boolean pays() {
            return outcome == Outcome.PAY;
        }
    }

    private PayoutRule() {
    }

    /**
     * The threshold in minor units of {@code currency}: the major-unit threshold scaled by the currency's ISO 4217
     * minor digits (2 for EUR, 0 for JPY, 3 for BHD), rounded up.
     *
     * @throws IllegalArgumentException for a code that is not an ISO 4217 currency
     */
    static long thresholdMinor(BigDecimal thresholdMajor, String currency) {
        int digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        return thresholdMajor.movePointRight(digits).setScale(0, RoundingMode.UP).longValueExact();
    }

    static Decision decide(long gross, long carryOver, long thresholdMinor, long activeCustomers,
            int minActiveCustomers, boolean payoutAccountLinked) {
        long net = gross - carryOver;
        Outcome outcome;
        if (gross <= 0) {
            outcome = Outcome.NOTHING_APPROVED;
        } else if (net < thresholdMinor) {
            outcome = Outcome.BELOW_THRESHOLD;
        } else if (activeCustomers < minActiveCustomers) {
            outcome = Outcome.TOO_FEW_ACTIVE_CUSTOMERS;
        } else if (!payoutAccountLinked) {
            outcome = Outcome.NO_PAYOUT_ACCOUNT;
        } else {
            outcome = Outcome.PAY;
        }
        return new Decision(outcome, gross, carryOver, net);
    }
}

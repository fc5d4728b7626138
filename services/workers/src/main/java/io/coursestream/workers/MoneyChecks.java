package io.coursestream.workers;

import java.util.Currency;

import io.coursestream.schemas.common.Money;

/** The checks every job that moves money makes of its amount before a provider sees it. */
public final class MoneyChecks {

    private MoneyChecks() {
    }

    /**
     * Requires a positive amount in an ISO 4217 currency.
     *
     * @param subject what moves the money, for the message ("payment t-1")
     * @param moved   what happens to a valid amount, for the message ("charged")
     * @throws FatalJobException naming what is wrong
     */
    public static void requirePositive(Money amount, String subject, String moved) {
        long minor = amount.getAmountMinor();
        String currency = amount.getCurrency();
        if (minor <= 0) {
            throw new FatalJobException(subject + " has a non-positive amount " + minor + " " + currency
                    + ": only positive amounts are " + moved);
        }
        if (!isCurrency(currency)) {
            throw new FatalJobException(subject + " is in " + currency + ", which is not an ISO 4217 currency code");
        }
    }

    private static boolean isCurrency(String code) {
        if (code == null || !code.matches("[A-Z]{3}")) {
            return false;
        }
        try {
            Currency.getInstance(code);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}

package io.coursestream.devstack.stripe;

import java.util.Locale;

/**
 * The {@code amount} and {@code currency} params of a request that moves money (a PaymentIntent, a transfer),
 * checked as Stripe checks them: a positive integer of minor units, a three-letter currency (answered in lower case).
 *
 * @param error Stripe's answer to a missing or invalid param; null when both are valid
 */
record AmountParams(long amount, String currency, StripeResponse error) {

    static AmountParams of(StripeRequest request) {
        String amountText = request.string("amount");
        if (amountText == null) {
            return invalid(StripeResponse.invalidRequest("parameter_missing", "amount",
                    "Missing required param: amount."));
        }
        long amount;
        try {
            amount = Long.parseLong(amountText);
        } catch (NumberFormatException e) {
            return invalid(StripeResponse.invalidRequest("parameter_invalid_integer", "amount",
                    "Invalid integer: " + amountText));
        }
        if (amount < 1) {
            return invalid(StripeResponse.invalidRequest("parameter_invalid_integer", "amount",
                    "This value must be greater than or equal to 1."));
        }
        String currency = request.string("currency");
        if (currency == null) {
            return invalid(StripeResponse.invalidRequest("parameter_missing", "currency",
                    "Missing required param: currency."));
        }
        if (!currency.matches("[A-Za-z]{3}")) {
            return invalid(StripeResponse.invalidRequest("parameter_invalid_string", "currency",
                    "Invalid currency: " + currency.toLowerCase(Locale.ROOT) + "."));
        }
        return new AmountParams(amount, currency.toLowerCase(Locale.ROOT), null);
    }

    private static AmountParams invalid(StripeResponse error) {
        return new AmountParams(0, null, error);
    }
}

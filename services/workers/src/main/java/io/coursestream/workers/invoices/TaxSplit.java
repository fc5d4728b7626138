package io.coursestream.workers.invoices;

import java.math.BigDecimal;

/**
 * A gross amount split into net and tax, in minor units of {@code currency}; {@code net + tax == gross}.
 *
 * @param netMinor   net, before tax
 * @param taxMinor   the VAT
 * @param grossMinor what was paid (negative for a credit note)
 * @param currency   ISO 4217
 */
public record TaxSplit(long netMinor, long taxMinor, long grossMinor, String currency) {

    public TaxSplit {
        if (Math.addExact(netMinor, taxMinor) != grossMinor) {
            throw new IllegalArgumentException("net " + netMinor + " + tax " + taxMinor + " is not gross "
                    + grossMinor);
        }
    }

    public BigDecimal net() {
        return decimal(netMinor);
    }

    public BigDecimal tax() {
        return decimal(taxMinor);
    }

    public BigDecimal gross() {
        return decimal(grossMinor);
    }

    private BigDecimal decimal(long minor) {
        return BigDecimal.valueOf(minor, TaxRules.fractionDigits(currency));
    }
}

package io.coursestream.workers.invoices;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * How a sale is taxed ({@link TaxRules#treatment}).
 *
 * @param kind            which rule applied
 * @param country         the buyer's country that decided it
 * @param rateBasisPoints the rate charged, 1900 = 19 %; 0 under reverse charge and outside the EU
 * @param buyerVatId      the buyer's VAT id as printed (normalized), or null for a consumer or a malformed id
 */
public record TaxTreatment(Kind kind, String country, int rateBasisPoints, String buyerVatId) {

    /** The rule that applied. */
    public enum Kind {
        /** The standard rate of the buyer's member state is charged. */
        STANDARD,
        /** EU business in another member state: no VAT charged, the buyer accounts for it. */
        REVERSE_CHARGE,
        /** Buyer outside the EU: the service is not taxable in the EU. */
        OUTSIDE_EU
    }

    public TaxTreatment {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(country, "country");
        if (kind != Kind.STANDARD && rateBasisPoints != 0) {
            throw new IllegalArgumentException(kind + " charges no VAT, not " + rateBasisPoints + " basis points");
        }
    }

    public boolean reverseCharge() {
        return kind == Kind.REVERSE_CHARGE;
    }

    /** The rate as a fraction (0.19). */
    public BigDecimal rate() {
        return BigDecimal.valueOf(rateBasisPoints, 4);
    }

    /** The rate as a percentage without trailing zeros (19, 25.5, 0), as EN 16931 writes it. */
    public BigDecimal percent() {
        BigDecimal percent = BigDecimal.valueOf(rateBasisPoints, 2).stripTrailingZeros();
        return percent.scale() < 0 ? percent.setScale(0) : percent;
    }
}

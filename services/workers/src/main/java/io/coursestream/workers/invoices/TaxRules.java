package io.coursestream.workers.invoices;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * VAT on the platform's digital services (online courses), decided by the buyer's country, and the split of a paid
 * gross amount into net and tax. Pure: no configuration, no clock; the seller's country comes in as an argument.
 *
 * <ul>
 *   <li><b>EU buyer without a VAT id</b> (and a business in the seller's own country): the standard rate of the
 *       buyer's member state (place of supply of electronically supplied services to consumers is the customer's
 *       country, Art. 58 VAT Directive; declared through the OSS).</li>
 *   <li><b>EU business in another member state</b> (a well-formed VAT id whose prefix is the buyer's country):
 *       reverse charge, 0 % charged, the buyer accounts for the VAT (Art. 44 and 196 VAT Directive).</li>
 *   <li><b>Outside the EU</b>: no EU VAT (the supply is not taxable in the EU); 0 %.</li>
 * </ul>
 *
 * <p>A VAT id is checked for its form only (country prefix, 2-12 letters or digits); whether it is registered (VIES)
 * is checkout's check, before the payment. A VAT id of another country than the billing country is not trusted for
 * reverse charge: the buyer is treated as a consumer and VAT is charged, the safe side for the seller.
 *
 * <p><b>Rates</b>: the standard VAT rates of the 27 member states in force on 1 January 2026, as listed by the
 * European Commission's Taxes in Europe Database and, for the changes of 2024-2025, checked on 2026-11-29 against
 * eurofiscalis.com "EU VAT Rates for 2026" (updated 2026-02-02) and newcraft.dev "VAT Rates EU Countries 2025 + 2026
 * Changes" (December 2025): Finland 25.5 % since 1 September 2024, Slovakia 23 % since 1 January 2025, Estonia 24 %
 * since 1 July 2025, Romania 21 % since 1 August 2025. A rate change is a code change here, with its date.
 *
 * <p><b>Rounding</b>: the gross amount is what was paid and stays exact; net = gross / (1 + rate), rounded half-even
 * to the currency's minor unit ({@link Currency#getDefaultFractionDigits()}: JPY 0, EUR 2, BHD 3), and tax =
 * gross - net, so net + tax = gross to the last minor unit.
 */
public final class TaxRules {

    /** Standard VAT rates in basis points (1900 = 19 %) by ISO 3166-1 alpha-2 country, as of 1 January 2026. */
    static final Map<String, Integer> STANDARD_RATES = Map.ofEntries(
            Map.entry("AT", 2000), Map.entry("BE", 2100), Map.entry("BG", 2000), Map.entry("HR", 2500),
            Map.entry("CY", 1900), Map.entry("CZ", 2100), Map.entry("DK", 2500), Map.entry("EE", 2400),
            Map.entry("FI", 2550), Map.entry("FR", 2000), Map.entry("DE", 1900), Map.entry("GR", 2400),
            Map.entry("HU", 2700), Map.entry("IE", 2300), Map.entry("IT", 2200), Map.entry("LV", 2100),
            Map.entry("LT", 2100), Map.entry("LU", 1700), Map.entry("MT", 1800), Map.entry("NL", 2100),
            Map.entry("PL", 2300), Map.entry("PT", 2300), Map.entry("RO", 2100), Map.entry("SK", 2300),
            Map.entry("SI", 2200), Map.entry("ES", 2100), Map.entry("SE", 2500));

    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final Pattern VAT_ID = Pattern.compile("([A-Z]{2})[0-9A-Z]{2,12}");
    private static final BigDecimal BASIS_POINTS = BigDecimal.valueOf(10_000);

    private TaxRules() {
    }

    /** Whether the country (ISO 3166-1 alpha-2) is an EU member state. */
    public static boolean isEu(String country) {
        return STANDARD_RATES.containsKey(country);
    }

    /**
     * The VAT treatment of a sale of digital services to this buyer by a seller established in {@code sellerCountry}.
     *
     * @param buyerCountry  the buyer's billing country, ISO 3166-1 alpha-2 upper case
     * @param buyerVatId    the buyer's VAT id with country prefix ({@code DE123456789}), or null for a consumer
     * @param sellerCountry the seller's EU country
     * @throws IllegalArgumentException for a country that is not two upper-case letters, or a seller outside the EU
     */
    public static TaxTreatment treatment(String buyerCountry, String buyerVatId, String sellerCountry) {
        requireCountry(buyerCountry, "buyer country");
        requireCountry(sellerCountry, "seller country");
        if (!isEu(sellerCountry)) {
            throw new IllegalArgumentException("seller country " + sellerCountry + " is not an EU member state:"
                    + " these rules are the EU's");
        }
        if (!isEu(buyerCountry)) {
            return new TaxTreatment(TaxTreatment.Kind.OUTSIDE_EU, buyerCountry, 0, null);
        }
        String vatId = normalizedVatId(buyerVatId);
        if (vatId != null && vatIdCountry(vatId).equals(buyerCountry) && !buyerCountry.equals(sellerCountry)) {
            return new TaxTreatment(TaxTreatment.Kind.REVERSE_CHARGE, buyerCountry, 0, vatId);
        }
        return new TaxTreatment(TaxTreatment.Kind.STANDARD, buyerCountry, STANDARD_RATES.get(buyerCountry), vatId);
    }

    /**
     * Splits a gross amount (tax included, in minor units; negative for a credit note) at the rate into net and tax,
     * rounded half-even to the currency's minor unit; net + tax = gross exactly.
     *
     * @throws IllegalArgumentException for a code that is not an ISO 4217 currency with minor units defined
     */
    public static TaxSplit split(long grossMinor, String currency, int rateBasisPoints) {
        if (rateBasisPoints < 0) {
            throw new IllegalArgumentException("a tax rate is not negative: " + rateBasisPoints);
        }
        int digits = fractionDigits(currency);
        BigDecimal gross = BigDecimal.valueOf(grossMinor, digits);
        BigDecimal divisor = BASIS_POINTS.add(BigDecimal.valueOf(rateBasisPoints)).divide(BASIS_POINTS);
        BigDecimal net = gross.divide(divisor, digits, RoundingMode.HALF_EVEN);
        long netMinor = net.unscaledValue().longValueExact();
        return new TaxSplit(netMinor, grossMinor - netMinor, grossMinor, currency);
    }

    /** The currency's minor-unit digits (EUR 2, JPY 0, BHD 3). */
    public static int fractionDigits(String currency) {
        Currency parsed;
        try {
            parsed = Currency.getInstance(Objects.requireNonNull(currency, "currency"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(currency + " is not an ISO 4217 currency code", e);
        }
        int digits = parsed.getDefaultFractionDigits();
        if (digits < 0 || !parsed.getCurrencyCode().equals(currency)) {
            throw new IllegalArgumentException(currency + " has no minor unit to invoice in");
        }
        return digits;
    }

    /** The VAT id upper case without blanks, dots and dashes, or null if it is absent or malformed. */
    static String normalizedVatId(String vatId) {
        if (vatId == null) {
            return null;
        }
        String normalized = vatId.toUpperCase(Locale.ROOT).replaceAll("[\\s.\\-]", "");
        return VAT_ID.matcher(normalized).matches() ? normalized : null;
    }

    /** The country a VAT id's prefix stands for: Greece's VAT ids start with EL, its ISO code is GR. */
    static String vatIdCountry(String normalizedVatId) {
        String prefix = normalizedVatId.substring(0, 2);
        return prefix.equals("EL") ? "GR" : prefix;
    }

    private static void requireCountry(String country, String what) {
        if (country == null || !COUNTRY.matcher(country).matches()) {
            throw new IllegalArgumentException(what + " must be ISO 3166-1 alpha-2 upper case: " + country);
        }
    }
}

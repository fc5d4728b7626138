package io.coursestream.workers.invoices;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Seller or buyer as a document shows them.
 *
 * @param name         the person's or company's name
 * @param contact      the contact person of a business buyer (its name is then the company), or null
 * @param addressLine1 street and number, or null if not collected
 * @param addressLine2 second address line, or null
 * @param postalCode   or null
 * @param city         or null
 * @param region       state or province, or null
 * @param country      ISO 3166-1 alpha-2
 * @param vatId        VAT id with country prefix, or null
 * @param email        e-mail address
 */
public record Party(String name, String contact, String addressLine1, String addressLine2, String postalCode,
        String city, String region, String country, String vatId, String email) {

    public Party {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(country, "country");
    }

    /** The seller from configuration. */
    static Party seller(InvoicesConfig.SellerSettings seller) {
        return new Party(seller.name(), null, seller.addressLine1(), seller.addressLine2().orElse(null),
                seller.postalCode(), seller.city(), null, seller.country(), seller.vatId(), seller.email());
    }

    /** The address lines as printed: street, second line, postal code and city, region; empty parts left out. */
    public List<String> addressLines() {
        List<String> lines = new ArrayList<>();
        addIfPresent(lines, addressLine1);
        addIfPresent(lines, addressLine2);
        String cityLine = String.join(" ", nonBlank(postalCode), nonBlank(city)).strip();
        addIfPresent(lines, cityLine);
        addIfPresent(lines, region);
        return lines;
    }

    private static void addIfPresent(List<String> lines, String line) {
        if (line != null && !line.isBlank()) {
            lines.add(line.strip());
        }
    }

    private static String nonBlank(String value) {
        return value == null ? "" : value.strip();
    }
}

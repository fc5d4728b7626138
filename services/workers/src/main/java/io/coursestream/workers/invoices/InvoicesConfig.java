package io.coursestream.workers.invoices;

import java.time.ZoneId;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The invoice settings ({@code coursestream.invoices.*}); application.properties explains each. */
@ConfigMapping(prefix = "coursestream.invoices")
public interface InvoicesConfig {

    /** The company that issues the invoices, printed on every document and written into its XML. */
    SellerSettings seller();

    /**
     * The zone the issue date and date of supply are printed in: the seller's legal calendar, not the buyer's (the
     * invoice number's year is counted in UTC by the invoice topology).
     */
    @WithDefault("UTC")
    ZoneId timezone();

    /** The seller. */
    interface SellerSettings {

        /** Legal name. */
        String name();

        /** Street and number. */
        String addressLine1();

        Optional<String> addressLine2();

        String postalCode();

        String city();

        /** ISO 3166-1 alpha-2 EU country of establishment: decides domestic sale versus reverse charge. */
        String country();

        /** VAT id with country prefix (DE123456789). */
        String vatId();

        /** Contact address printed on the document. */
        String email();
    }
}

package io.coursestream.workers.invoices;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;

import io.coursestream.schemas.common.Money;
import io.coursestream.schemas.invoices.InvoiceKind;
import io.coursestream.schemas.jobs.GenerateInvoice;
import io.coursestream.schemas.payments.BuyerDetails;
import io.coursestream.schemas.payments.PaymentProvider;
import io.coursestream.workers.notifications.LocalFormats;

/** Payloads and the seller the invoice tests share. */
final class InvoiceFixtures {

    /** The seller of application.properties' defaults: a German company. */
    static final Party SELLER = new Party("coursestream GmbH", null, "Lernweg 1", null, "10115", "Berlin", null, "DE",
            "DE123456789", "billing@coursestream.local");
    static final ZoneId SELLER_ZONE = ZoneId.of("Europe/Berlin");
    static final Instant ISSUED_AT = Instant.parse("2026-11-28T10:15:30Z");
    static final Instant PAID_AT = Instant.parse("2026-11-28T10:14:02Z");

    private InvoiceFixtures() {
    }

    /** An invoice to a private buyer in this country, paid through Stripe. */
    static GenerateInvoice.Builder invoice(String number, String country, String locale, long grossMinor,
            String currency) {
        return GenerateInvoice.newBuilder()
                .setInvoiceNumber(number)
                .setKind(InvoiceKind.INVOICE)
                .setTransactionId("tx-" + number)
                .setUserId("user-" + number)
                .setBuyer(buyer(country, locale).build())
                .setLineDescription("Kafka Streams in Practice (course)")
                .setGross(new Money(grossMinor, currency))
                .setProvider(PaymentProvider.STRIPE)
                .setPaymentReference("pi_3Q" + number.replace("-", ""))
                .setPaidAt(PAID_AT)
                .setIssuedAt(ISSUED_AT);
    }

    static BuyerDetails.Builder buyer(String country, String locale) {
        return BuyerDetails.newBuilder()
                .setName("Jana Example")
                .setEmail("jana@example.org")
                .setCountry(country)
                .setLocale(locale)
                .setAddressLine1("Hauptstraße 5")
                .setPostalCode("12345")
                .setCity("Musterstadt");
    }

    /** The document as InvoiceService builds it, formatted in the buyer's locale and the seller's zone. */
    static InvoiceDocument document(GenerateInvoice payload) {
        LocalFormats formats = new LocalFormats(Locale.forLanguageTag(payload.getBuyer().getLocale()), SELLER_ZONE);
        return InvoiceService.document(payload, SELLER, formats);
    }
}

package io.coursestream.workers.invoices;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

import io.coursestream.schemas.invoices.InvoiceKind;
import io.coursestream.schemas.payments.PaymentProvider;

/**
 * One invoice or credit note, ready to render: the facts (for the EN 16931 XML and the events) and the same facts
 * as the buyer reads them ({@link Printed}: their language, their locale's formats). Built by
 * {@link InvoiceService#document}; the same payload always gives the same document.
 *
 * @param number                  the assigned number (INV-2026-000123)
 * @param kind                    INVOICE or CREDIT_NOTE
 * @param referencesInvoiceNumber the invoice a credit note corrects, null for an invoice
 * @param transactionId           the payment transaction
 * @param userId                  the paying user
 * @param seller                  from configuration
 * @param buyer                   from the payload
 * @param lineDescription         the one line's text
 * @param amounts                 net, tax and gross in minor units (negative for a credit note)
 * @param tax                     the rule and rate that applied
 * @param provider                the payment provider
 * @param paymentReference        the provider's id of the payment or refund
 * @param issuedAt                the issue instant, fixed when the number was assigned
 * @param paidAt                  when the payment (or refund) happened
 * @param issueDate               {@code issuedAt} as a calendar date in the seller's zone
 * @param supplyDate              {@code paidAt} as a calendar date in the seller's zone
 * @param languageTag             the buyer's IETF tag the document is formatted in (de-AT)
 * @param printed                 the texts and formatted values as printed
 */
public record InvoiceDocument(
        String number,
        InvoiceKind kind,
        String referencesInvoiceNumber,
        String transactionId,
        String userId,
        Party seller,
        Party buyer,
        String lineDescription,
        TaxSplit amounts,
        TaxTreatment tax,
        PaymentProvider provider,
        String paymentReference,
        Instant issuedAt,
        Instant paidAt,
        LocalDate issueDate,
        LocalDate supplyDate,
        String languageTag,
        Printed printed) {

    public InvoiceDocument {
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(amounts, "amounts");
        Objects.requireNonNull(tax, "tax");
        Objects.requireNonNull(printed, "printed");
    }

    public boolean creditNote() {
        return kind == InvoiceKind.CREDIT_NOTE;
    }

    public String currency() {
        return amounts.currency();
    }

    /**
     * What the PDF prints, in the buyer's language and formats.
     *
     * @param texts      the fixed texts
     * @param title      Invoice, Rechnung, Avoir...
     * @param issueDate  the issue date, long style
     * @param supplyDate the date of supply, long style
     * @param net        net amount with currency
     * @param tax        tax amount with currency
     * @param gross      total with currency
     * @param taxLabel   VAT 19 %, USt. 19 %
     * @param payment    "Paid on ... via Stripe, reference pi_..."
     * @param correction "Corrects invoice INV-..." for a credit note, else null
     * @param taxNote    the reverse-charge or outside-EU note, else null
     */
    public record Printed(InvoiceTexts texts, String title, String issueDate, String supplyDate, String net,
            String tax, String gross, String taxLabel, String payment, String correction, String taxNote) {
    }
}

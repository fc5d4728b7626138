package io.coursestream.workers.invoices;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import io.coursestream.infrastructure.storage.FileStorageService;
import io.coursestream.infrastructure.storage.StoredObject;
import io.coursestream.schemas.invoices.InvoiceKind;
import io.coursestream.schemas.jobs.GenerateInvoice;
import io.coursestream.schemas.payments.BuyerDetails;
import io.coursestream.workers.FatalJobException;
import io.coursestream.workers.notifications.LocalFormats;
import io.coursestream.workers.notifications.LocalizationService;

/**
 * Invoices and credit notes, from the GenerateInvoice payload to the archived PDF: checks the payload, calculates
 * the tax ({@link TaxRules}, by the buyer's country; the seller from {@code coursestream.invoices.seller.*}), formats
 * amounts and dates for the buyer ({@link LocalizationService}: their locale, the seller's calendar zone), writes the
 * EN 16931 XML ({@link FacturXml}), renders the PDF/A-3b ({@link InvoicePdf}) and archives it in object storage under
 * {@code invoices/<year>/<number>.pdf} with its SHA-256.
 *
 * <p>Idempotent: the same payload renders the same bytes under the same key, so a retry overwrites the archive with
 * an identical object. A payload no retry can fix (a blank or unsafe number, a credit note without its invoice, an
 * amount of the wrong sign, an unknown currency or country) fails fatally.
 */
@ApplicationScoped
public class InvoiceService {

    /** The archived PDF's content type. */
    public static final String CONTENT_TYPE = "application/pdf";

    /** Numbers become object keys and file names: letters, digits, dot, dash and underscore only. */
    private static final Pattern NUMBER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private final Party seller;
    private final InvoicesConfig config;
    private final LocalizationService localization;
    private final Instance<FileStorageService> storage;
    private final InvoicePdf pdf = new InvoicePdf();

    @Inject
    InvoiceService(InvoicesConfig config, LocalizationService localization, Instance<FileStorageService> storage) {
        this.config = config;
        this.seller = Party.seller(config.seller());
        this.localization = localization;
        this.storage = storage;
        // A seller outside the EU, or a malformed country, fails the bean's creation, naming the setting.
        TaxRules.treatment(seller.country(), null, seller.country());
    }

    /** Renders and archives the payload's document; see the class comment. */
    public GeneratedInvoice generate(GenerateInvoice payload) {
        InvoiceDocument document = document(payload);
        byte[] rendered = createPdf(document);
        return archive(document, rendered);
    }

    /** The document of the payload, formatted for its buyer. */
    public InvoiceDocument document(GenerateInvoice payload) {
        LocalFormats formats = localization.formats(payload.getBuyer().getLocale(), config.timezone().getId());
        return document(payload, seller, formats);
    }

    /** The PDF/A-3b with the EN 16931 XML embedded. */
    public byte[] createPdf(InvoiceDocument document) {
        return pdf.render(document, FacturXml.of(document));
    }

    /**
     * Stores the PDF under {@link #objectKey} in the configured bucket (replacing an earlier rendering) and returns
     * where it is, with the SHA-256 and size the storage recorded.
     */
    public GeneratedInvoice archive(InvoiceDocument document, byte[] rendered) {
        FileStorageService files = storage.get();
        String key = objectKey(document);
        String sha256 = sha256(rendered);
        StoredObject stored = files.put(key, rendered, CONTENT_TYPE, Map.of("invoice-number", document.number(),
                "invoice-kind", document.kind().name()));
        if (stored.sha256() != null && !stored.sha256().equals(sha256)) {
            throw new IllegalStateException("storage recorded SHA-256 " + stored.sha256() + " for " + key
                    + ", the rendered PDF has " + sha256);
        }
        return new GeneratedInvoice(document, files.bucket(), key, sha256, rendered.length);
    }

    /**
     * The archive key of a document: {@code invoices/<year>/<number>.pdf}, the year of its issue instant in UTC, the
     * calendar its number's series counts in. The same number always gives the same key.
     */
    public static String objectKey(InvoiceDocument document) {
        return "invoices/" + document.issuedAt().atZone(ZoneOffset.UTC).getYear() + "/" + document.number() + ".pdf";
    }

    /**
     * The document of a payload for a seller, with amounts and dates in {@code formats} (the buyer's locale, the
     * seller's zone).
     *
     * @throws FatalJobException for a payload no retry can fix
     */
    static InvoiceDocument document(GenerateInvoice payload, Party seller, LocalFormats formats) {
        String number = payload.getInvoiceNumber();
        if (number == null || !NUMBER.matcher(number).matches()) {
            throw new FatalJobException("invoice number '" + number + "' is not 1-100 letters, digits, '.', '-' or"
                    + " '_' starting with a letter or digit");
        }
        InvoiceKind kind = payload.getKind();
        long gross = payload.getGross().getAmountMinor();
        String currency = payload.getGross().getCurrency();
        String references = payload.getReferencesInvoiceNumber();
        if (kind == InvoiceKind.INVOICE && gross <= 0) {
            throw new FatalJobException("invoice " + number + " has a non-positive gross " + gross + " " + currency);
        }
        if (kind == InvoiceKind.CREDIT_NOTE) {
            if (gross >= 0) {
                throw new FatalJobException("credit note " + number + " has a non-negative gross " + gross + " "
                        + currency + "; a credit note's amounts are negative");
            }
            if (references == null || references.isBlank()) {
                throw new FatalJobException("credit note " + number + " names no invoice it corrects");
            }
        } else if (kind != InvoiceKind.INVOICE) {
            throw new FatalJobException("document " + number + " is of kind " + kind
                    + "; only INVOICE and CREDIT_NOTE are rendered");
        }
        BuyerDetails buyer = payload.getBuyer();
        TaxTreatment tax;
        TaxSplit amounts;
        try {
            tax = TaxRules.treatment(upper(buyer.getCountry()), buyer.getVatId(), seller.country());
            amounts = TaxRules.split(gross, currency, tax.rateBasisPoints());
        } catch (IllegalArgumentException e) {
            throw new FatalJobException("document " + number + ": " + e.getMessage(), e);
        }

        InvoiceTexts texts = InvoiceTexts.forLanguage(buyer.getLocale());
        boolean creditNote = kind == InvoiceKind.CREDIT_NOTE;
        String provider = FacturXml.providerName(payload.getProvider());
        InvoiceDocument.Printed printed = new InvoiceDocument.Printed(
                texts,
                creditNote ? texts.creditNoteTitle() : texts.invoiceTitle(),
                formats.date(payload.getIssuedAt()),
                formats.date(payload.getPaidAt()),
                formats.money(amounts.netMinor(), currency),
                formats.money(amounts.taxMinor(), currency),
                formats.money(amounts.grossMinor(), currency),
                InvoiceTexts.fill(texts.vat(), Map.of("rate", formats.percent(tax.rate()))),
                InvoiceTexts.fill(creditNote ? texts.refunded() : texts.paid(), Map.of(
                        "date", formats.date(payload.getPaidAt()),
                        "provider", provider,
                        "reference", payload.getPaymentReference())),
                creditNote ? InvoiceTexts.fill(texts.correctsInvoice(), Map.of("number", references)) : null,
                switch (tax.kind()) {
                    case REVERSE_CHARGE -> texts.reverseCharge();
                    case OUTSIDE_EU -> texts.outsideEu();
                    case STANDARD -> null;
                });
        boolean business = buyer.getCompanyName() != null && !buyer.getCompanyName().isBlank();
        Party buyerParty = new Party(business ? buyer.getCompanyName() : buyer.getName(),
                business ? buyer.getName() : null, buyer.getAddressLine1(), buyer.getAddressLine2(),
                buyer.getPostalCode(), buyer.getCity(), buyer.getRegion(), upper(buyer.getCountry()),
                tax.buyerVatId(), buyer.getEmail());
        return new InvoiceDocument(number, kind, creditNote ? references : null, payload.getTransactionId(),
                payload.getUserId(), seller, buyerParty, payload.getLineDescription(), amounts, tax,
                payload.getProvider(), payload.getPaymentReference(), payload.getIssuedAt(), payload.getPaidAt(),
                payload.getIssuedAt().atZone(formats.zone()).toLocalDate(),
                payload.getPaidAt().atZone(formats.zone()).toLocalDate(), formats.locale().toLanguageTag(),
                printed);
    }

    /** Lower-case hex SHA-256, as the storage records it. */
    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static String upper(String country) {
        return country == null ? null : country.strip().toUpperCase(Locale.ROOT);
    }
}

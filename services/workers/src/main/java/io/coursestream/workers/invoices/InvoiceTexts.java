package io.coursestream.workers.invoices;

import java.util.Locale;
import java.util.Map;

import io.coursestream.workers.notifications.SupportedLocales;

/**
 * The fixed texts of an invoice or credit note in one language: English, German, French and Spanish, the languages
 * of the notifications, with the same fallback ({@link SupportedLocales#resolve}: de-AT -> de -> en). A record, so
 * a language that misses a text does not compile. Placeholders in braces are filled by {@link #fill}.
 */
public record InvoiceTexts(
        String invoiceTitle,
        String creditNoteTitle,
        String number,
        String issueDate,
        String supplyDate,
        String correctsInvoice,
        String seller,
        String buyer,
        String vatId,
        String description,
        String quantity,
        String amount,
        String net,
        String vat,
        String total,
        String paid,
        String refunded,
        String reverseCharge,
        String outsideEu,
        String thanks) {

    static final InvoiceTexts ENGLISH = new InvoiceTexts(
            "Invoice",
            "Credit note",
            "Number",
            "Issue date",
            "Date of supply",
            "Corrects invoice {number}",
            "Seller",
            "Bill to",
            "VAT ID",
            "Description",
            "Qty",
            "Amount",
            "Net amount",
            "VAT {rate}",
            "Total",
            "Paid on {date} via {provider}, reference {reference}.",
            "Refunded on {date} via {provider}, reference {reference}.",
            "Reverse charge: the VAT is to be accounted for by the recipient (Art. 196 Directive 2006/112/EC).",
            "Not subject to EU VAT: service supplied to a customer outside the EU.",
            "Thank you for learning with coursestream.");

    static final InvoiceTexts GERMAN = new InvoiceTexts(
            "Rechnung",
            "Rechnungskorrektur",
            "Nummer",
            "Rechnungsdatum",
            "Leistungsdatum",
            "Korrigiert Rechnung {number}",
            "Verkäufer",
            "Rechnungsempfänger",
            "USt-IdNr.",
            "Beschreibung",
            "Menge",
            "Betrag",
            "Nettobetrag",
            "USt. {rate}",
            "Gesamtbetrag",
            "Bezahlt am {date} über {provider}, Referenz {reference}.",
            "Erstattet am {date} über {provider}, Referenz {reference}.",
            "Steuerschuldnerschaft des Leistungsempfängers (Reverse Charge, Art. 196 MwStSystRL).",
            "Nicht in der EU steuerbare Leistung: Leistungsempfänger außerhalb der EU.",
            "Danke, dass du mit coursestream lernst.");

    static final InvoiceTexts FRENCH = new InvoiceTexts(
            "Facture",
            "Avoir",
            "Numéro",
            "Date d'émission",
            "Date de la prestation",
            "Rectifie la facture {number}",
            "Vendeur",
            "Facturé à",
            "N° TVA",
            "Désignation",
            "Qté",
            "Montant",
            "Montant HT",
            "TVA {rate}",
            "Total TTC",
            "Payé le {date} via {provider}, référence {reference}.",
            "Remboursé le {date} via {provider}, référence {reference}.",
            "Autoliquidation : TVA due par le preneur (art. 196 de la directive 2006/112/CE).",
            "TVA non applicable : prestation fournie à un client établi hors de l'UE.",
            "Merci d'apprendre avec coursestream.");

    static final InvoiceTexts SPANISH = new InvoiceTexts(
            "Factura",
            "Factura rectificativa",
            "Número",
            "Fecha de emisión",
            "Fecha de la operación",
            "Rectifica la factura {number}",
            "Vendedor",
            "Facturar a",
            "NIF-IVA",
            "Descripción",
            "Cant.",
            "Importe",
            "Base imponible",
            "IVA {rate}",
            "Total",
            "Pagado el {date} mediante {provider}, referencia {reference}.",
            "Reembolsado el {date} mediante {provider}, referencia {reference}.",
            "Inversión del sujeto pasivo: IVA a cargo del destinatario (art. 196 Directiva 2006/112/CE).",
            "Operación no sujeta al IVA de la UE: cliente establecido fuera de la UE.",
            "Gracias por aprender con coursestream.");

    private static final Map<String, InvoiceTexts> BY_LANGUAGE = Map.of(
            "en", ENGLISH, "de", GERMAN, "fr", FRENCH, "es", SPANISH);

    /** The texts for this IETF tag, falling back as notifications do; English for a missing or unknown one. */
    public static InvoiceTexts forLanguage(String languageTag) {
        return forLocale(SupportedLocales.resolve(languageTag));
    }

    /** The texts of a supported language; English for another. */
    static InvoiceTexts forLocale(Locale supported) {
        return BY_LANGUAGE.getOrDefault(supported.getLanguage(), ENGLISH);
    }

    /** Every language's texts, for the tests that check them. */
    static Map<String, InvoiceTexts> all() {
        return BY_LANGUAGE;
    }

    /** The text with each {@code {name}} replaced by its value. */
    static String fill(String text, Map<String, String> values) {
        String filled = text;
        for (Map.Entry<String, String> value : values.entrySet()) {
            filled = filled.replace("{" + value.getKey() + "}", value.getValue());
        }
        return filled;
    }
}

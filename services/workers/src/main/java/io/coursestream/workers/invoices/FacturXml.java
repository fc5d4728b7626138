package io.coursestream.workers.invoices;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import io.coursestream.schemas.payments.PaymentProvider;

/**
 * The EN 16931 invoice as UN/CEFACT Cross Industry Invoice XML (D16B), the {@value #FILE_NAME} that Factur-X and
 * ZUGFeRD 2 embed in the PDF, profile EN 16931 ({@value #GUIDELINE}). Elements are written in the schema's order.
 *
 * <p>An invoice is type 380; a credit note is type 381 with <em>positive</em> amounts (EN 16931 carries the sign in
 * the type, while the PDF and the events show the credit note's amounts negative) and its corrected invoice as
 * {@code InvoiceReferencedDocument}. The tax category is S (standard rate), AE (reverse charge, with VATEX-EU-AE)
 * or G (buyer outside the EU, with VATEX-EU-G; G rather than O because O forbids the seller's VAT id, which every
 * document carries). The payment was taken before the document exists: the whole gross is prepaid, nothing is due.
 * Deterministic: the same document gives the same bytes.
 */
public final class FacturXml {

    /** The attachment's name, fixed by Factur-X 1.0 (ZUGFeRD 2.x readers look for it too). */
    public static final String FILE_NAME = "factur-x.xml";
    /** The Factur-X conformance level written into the PDF's XMP. */
    public static final String CONFORMANCE_LEVEL = "EN 16931";
    /** BT-24, the specification identifier of the EN 16931 profile. */
    public static final String GUIDELINE = "urn:cen.eu:en16931:2017";

    static final String RSM = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100";
    static final String RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100";
    static final String UDT = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100";
    static final String QDT = "urn:un:unece:uncefact:data:standard:QualifiedDataType:100";

    private static final DateTimeFormatter DATE_102 = DateTimeFormatter.BASIC_ISO_DATE;
    private static final XMLOutputFactory OUTPUT = XMLOutputFactory.newFactory();

    private FacturXml() {
    }

    /** The XML of the document, UTF-8. */
    public static byte[] of(InvoiceDocument document) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8 * 1024);
        try {
            XMLStreamWriter xml = OUTPUT.createXMLStreamWriter(out, "UTF-8");
            new FacturXml.Writer(xml, document).write();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("writing the XML of " + document.number(), e);
        }
        return out.toByteArray();
    }

    /** UNTDID 1001 document type: 380 commercial invoice, 381 credit note. */
    static String typeCode(InvoiceDocument document) {
        return document.creditNote() ? "381" : "380";
    }

    /** UNCL 5305 VAT category of the treatment. */
    static String categoryCode(TaxTreatment tax) {
        return switch (tax.kind()) {
            case STANDARD -> "S";
            case REVERSE_CHARGE -> "AE";
            case OUTSIDE_EU -> "G";
        };
    }

    /** Writes one document, indented by two spaces per level. */
    private static final class Writer {

        private final XMLStreamWriter xml;
        private final InvoiceDocument document;
        private final String currency;
        private int depth;

        Writer(XMLStreamWriter xml, InvoiceDocument document) {
            this.xml = xml;
            this.document = document;
            this.currency = document.currency();
        }

        void write() throws XMLStreamException {
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("rsm", "CrossIndustryInvoice", RSM);
            xml.writeNamespace("rsm", RSM);
            xml.writeNamespace("ram", RAM);
            xml.writeNamespace("qdt", QDT);
            xml.writeNamespace("udt", UDT);
            depth++;

            start("rsm", "ExchangedDocumentContext");
            start("ram", "GuidelineSpecifiedDocumentContextParameter");
            text("ID", GUIDELINE);
            end();
            end();

            start("rsm", "ExchangedDocument");
            text("ID", document.number());
            text("TypeCode", typeCode(document));
            date("IssueDateTime", document.issueDate());
            if (document.printed().taxNote() != null) {
                start("ram", "IncludedNote");
                text("Content", document.printed().taxNote());
                end();
            }
            end();

            start("rsm", "SupplyChainTradeTransaction");
            line();
            start("ram", "ApplicableHeaderTradeAgreement");
            party("SellerTradeParty", document.seller(), null);
            party("BuyerTradeParty", document.buyer(), document.tax().buyerVatId());
            end();
            start("ram", "ApplicableHeaderTradeDelivery");
            start("ram", "ActualDeliverySupplyChainEvent");
            date("OccurrenceDateTime", document.supplyDate());
            end();
            end();
            settlement();
            end();

            depth--;
            newline();
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
        }

        private void line() throws XMLStreamException {
            start("ram", "IncludedSupplyChainTradeLineItem");
            start("ram", "AssociatedDocumentLineDocument");
            text("LineID", "1");
            end();
            start("ram", "SpecifiedTradeProduct");
            text("Name", document.lineDescription());
            end();
            start("ram", "SpecifiedLineTradeAgreement");
            start("ram", "NetPriceProductTradePrice");
            text("ChargeAmount", amount(document.amounts().net()));
            end();
            end();
            start("ram", "SpecifiedLineTradeDelivery");
            newline();
            xml.writeStartElement("ram", "BilledQuantity", RAM);
            xml.writeAttribute("unitCode", "C62");
            xml.writeCharacters("1");
            xml.writeEndElement();
            end();
            start("ram", "SpecifiedLineTradeSettlement");
            start("ram", "ApplicableTradeTax");
            text("TypeCode", "VAT");
            text("CategoryCode", categoryCode(document.tax()));
            text("RateApplicablePercent", document.tax().percent().toPlainString());
            end();
            start("ram", "SpecifiedTradeSettlementLineMonetarySummation");
            text("LineTotalAmount", amount(document.amounts().net()));
            end();
            end();
            end();
        }

        private void party(String element, Party party, String vatId) throws XMLStreamException {
            start("ram", element);
            text("Name", party.name());
            if (party.contact() != null) {
                start("ram", "DefinedTradeContact");
                text("PersonName", party.contact());
                end();
            }
            start("ram", "PostalTradeAddress");
            optionalText("PostcodeCode", party.postalCode());
            optionalText("LineOne", party.addressLine1());
            optionalText("LineTwo", party.addressLine2());
            optionalText("CityName", party.city());
            text("CountryID", party.country());
            optionalText("CountrySubDivisionName", party.region());
            end();
            if (party.email() != null) {
                start("ram", "URIUniversalCommunication");
                newline();
                xml.writeStartElement("ram", "URIID", RAM);
                xml.writeAttribute("schemeID", "EM");
                xml.writeCharacters(party.email());
                xml.writeEndElement();
                end();
            }
            String taxId = vatId != null ? vatId : party.vatId();
            if (taxId != null) {
                start("ram", "SpecifiedTaxRegistration");
                newline();
                xml.writeStartElement("ram", "ID", RAM);
                xml.writeAttribute("schemeID", "VA");
                xml.writeCharacters(taxId);
                xml.writeEndElement();
                end();
            }
            end();
        }

        private void settlement() throws XMLStreamException {
            TaxTreatment tax = document.tax();
            start("ram", "ApplicableHeaderTradeSettlement");
            text("PaymentReference", document.paymentReference());
            text("InvoiceCurrencyCode", currency);
            start("ram", "SpecifiedTradeSettlementPaymentMeans");
            text("TypeCode", "ZZZ");
            text("Information", providerName(document.provider()));
            end();
            start("ram", "ApplicableTradeTax");
            text("CalculatedAmount", amount(document.amounts().tax()));
            text("TypeCode", "VAT");
            switch (tax.kind()) {
                case REVERSE_CHARGE -> text("ExemptionReason", "Reverse charge");
                case OUTSIDE_EU -> text("ExemptionReason", "Export outside the EU");
                case STANDARD -> { }
            }
            text("BasisAmount", amount(document.amounts().net()));
            text("CategoryCode", categoryCode(tax));
            switch (tax.kind()) {
                case REVERSE_CHARGE -> text("ExemptionReasonCode", "VATEX-EU-AE");
                case OUTSIDE_EU -> text("ExemptionReasonCode", "VATEX-EU-G");
                case STANDARD -> { }
            }
            text("RateApplicablePercent", tax.percent().toPlainString());
            end();
            start("ram", "SpecifiedTradeSettlementHeaderMonetarySummation");
            text("LineTotalAmount", amount(document.amounts().net()));
            text("TaxBasisTotalAmount", amount(document.amounts().net()));
            newline();
            xml.writeStartElement("ram", "TaxTotalAmount", RAM);
            xml.writeAttribute("currencyID", currency);
            xml.writeCharacters(amount(document.amounts().tax()));
            xml.writeEndElement();
            text("GrandTotalAmount", amount(document.amounts().gross()));
            text("TotalPrepaidAmount", amount(document.amounts().gross()));
            text("DuePayableAmount", amount(BigDecimal.ZERO.setScale(document.amounts().gross().scale())));
            end();
            if (document.referencesInvoiceNumber() != null) {
                start("ram", "InvoiceReferencedDocument");
                text("IssuerAssignedID", document.referencesInvoiceNumber());
                end();
            }
            end();
        }

        /** A credit note's amounts are written positive: type 381 says they are credited. */
        private String amount(BigDecimal value) {
            return (document.creditNote() ? value.abs() : value).toPlainString();
        }

        private void date(String element, LocalDate date) throws XMLStreamException {
            start("ram", element);
            newline();
            xml.writeStartElement("udt", "DateTimeString", UDT);
            xml.writeAttribute("format", "102");
            xml.writeCharacters(DATE_102.format(date));
            xml.writeEndElement();
            end();
        }

        private void start(String prefix, String name) throws XMLStreamException {
            newline();
            xml.writeStartElement(prefix, name, prefix.equals("rsm") ? RSM : RAM);
            depth++;
        }

        private void end() throws XMLStreamException {
            depth--;
            newline();
            xml.writeEndElement();
        }

        private void text(String name, String value) throws XMLStreamException {
            newline();
            xml.writeStartElement("ram", name, RAM);
            xml.writeCharacters(value);
            xml.writeEndElement();
        }

        private void optionalText(String name, String value) throws XMLStreamException {
            if (value != null && !value.isBlank()) {
                text(name, value.strip());
            }
        }

        private void newline() throws XMLStreamException {
            xml.writeCharacters("\n" + "  ".repeat(depth));
        }
    }

    /** The provider as printed and written: Stripe, Binance Pay. */
    static String providerName(PaymentProvider provider) {
        return switch (provider) {
            case STRIPE -> "Stripe";
            case BINANCE_PAY -> "Binance Pay";
            default -> provider.name();
        };
    }
}

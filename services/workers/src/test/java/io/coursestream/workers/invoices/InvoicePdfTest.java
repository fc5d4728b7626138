// Tier: unit (InvoiceService's document, FacturXml and InvoicePdf rendered and read back with iText, no Quarkus)
package io.coursestream.workers.invoices;

import static io.coursestream.workers.invoices.InvoiceFixtures.document;
import static io.coursestream.workers.invoices.InvoiceFixtures.invoice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import com.itextpdf.kernel.pdf.PdfArray;
import com.itextpdf.kernel.pdf.PdfDictionary;
import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.PdfName;
import com.itextpdf.kernel.pdf.PdfReader;
import com.itextpdf.kernel.pdf.PdfStream;
import com.itextpdf.kernel.pdf.canvas.parser.PdfTextExtractor;
import com.itextpdf.kernel.xmp.XMPConst;
import com.itextpdf.kernel.xmp.XMPMeta;
import com.itextpdf.kernel.xmp.XMPMetaFactory;

import io.coursestream.schemas.invoices.InvoiceKind;
import io.coursestream.schemas.jobs.GenerateInvoice;
import io.coursestream.schemas.payments.PaymentProvider;
import io.coursestream.workers.FatalJobException;

class InvoicePdfTest {

    private final InvoicePdf pdf = new InvoicePdf();

    @Test
    void shouldRenderAGermanInvoiceWithNineteenPercentVat() throws Exception {
        // given 119.00 EUR paid by a private buyer in Germany who reads German
        InvoiceDocument document = document(invoice("INV-2026-000123", "DE", "de-DE", 11_900, "EUR").build());

        // when it is rendered
        Rendered rendered = render(document);

        // then the page shows the German texts, the dates in the seller's calendar and the tax lines
        assertThat(rendered.text()).contains("coursestream GmbH", "Rechnung", "Nummer INV-2026-000123",
                "Rechnungsdatum 28. November 2026", "Leistungsdatum 28. November 2026", "Rechnungsempfänger",
                "Jana Example", "Kafka Streams in Practice (course) 1 100,00 €", "Nettobetrag 100,00 €",
                "USt. 19 % 19,00 €", "Gesamtbetrag 119,00 €",
                "Bezahlt am 28. November 2026 über Stripe, Referenz pi_3QINV2026000123.");
        assertThat(rendered.text()).doesNotContain("Reverse Charge");
        // and it is PDF/A-3b with the Factur-X XML attached, whose totals are the page's
        rendered.assertPdfA3bWithFacturX();
        assertThat(rendered.xml("//rsm:ExchangedDocument/ram:TypeCode")).isEqualTo("380");
        assertThat(rendered.xml("//ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:TaxBasisTotalAmount"))
                .isEqualTo("100.00");
        assertThat(rendered.xml("//ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:TaxTotalAmount"))
                .isEqualTo("19.00");
        assertThat(rendered.xml("//ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:TaxTotalAmount/@currencyID"))
                .isEqualTo("EUR");
        assertThat(rendered.xml("//ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:GrandTotalAmount"))
                .isEqualTo("119.00");
        assertThat(rendered.xml("//ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:DuePayableAmount"))
                .isEqualTo("0.00");
        assertThat(rendered.xml("//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax/ram:CategoryCode"))
                .isEqualTo("S");
        assertThat(rendered.xml("//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax/ram:RateApplicablePercent"))
                .isEqualTo("19");
        assertThat(rendered.xml("//ram:InvoiceCurrencyCode")).isEqualTo("EUR");
        assertThat(rendered.xml("//ram:SellerTradeParty/ram:SpecifiedTaxRegistration/ram:ID")).isEqualTo("DE123456789");
        assertThat(rendered.xml("//ram:BuyerTradeParty/ram:Name")).isEqualTo("Jana Example");
        assertThat(rendered.xml("//ram:BuyerTradeParty/ram:PostalTradeAddress/ram:CountryID")).isEqualTo("DE");
        assertThat(rendered.xml("//ram:IssueDateTime/udt:DateTimeString")).isEqualTo("20261128");
        assertThat(rendered.xml("//ram:GuidelineSpecifiedDocumentContextParameter/ram:ID"))
                .isEqualTo("urn:cen.eu:en16931:2017");
    }

    @Test
    void shouldRenderAFrenchBusinessInvoiceUnderReverseCharge() throws Exception {
        // given 49.00 EUR paid by a French company with a VAT id, to the German seller
        GenerateInvoice payload = invoice("INV-2026-000124", "FR", "fr-FR", 4_900, "EUR")
                .setBuyer(InvoiceFixtures.buyer("FR", "fr-FR").setCompanyName("Exemple SARL")
                        .setVatId("FR12345678901").build())
                .build();

        // when it is rendered
        Rendered rendered = render(document(payload));

        // then no VAT is charged and the page says why, with both VAT ids
        assertThat(rendered.text()).contains("Facture", "Facturé à", "Exemple SARL", "Jana Example",
                "N° TVA FR12345678901", "N° TVA DE123456789", "Montant HT 49,00 €", "TVA 0 % 0,00 €",
                "Total TTC 49,00 €", "Autoliquidation : TVA due par le preneur");
        rendered.assertPdfA3bWithFacturX();
        assertThat(rendered.xml("//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax/ram:CategoryCode"))
                .isEqualTo("AE");
        assertThat(rendered.xml("//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax/ram:ExemptionReasonCode"))
                .isEqualTo("VATEX-EU-AE");
        assertThat(rendered.xml("//ram:BuyerTradeParty/ram:SpecifiedTaxRegistration/ram:ID"))
                .isEqualTo("FR12345678901");
        assertThat(rendered.xml("//ram:TaxTotalAmount")).isEqualTo("0.00");
        assertThat(rendered.xml("//ram:GrandTotalAmount")).isEqualTo("49.00");
    }

    @Test
    void shouldRenderAnAmericanInvoiceInDollarsWithoutVat() throws Exception {
        Rendered rendered = render(document(invoice("INV-2026-000125", "US", "en-US", 2_999, "USD")
                .setProvider(PaymentProvider.BINANCE_PAY).build()));

        assertThat(rendered.text()).contains("Invoice", "Issue date November 28, 2026", "Net amount $29.99",
                "VAT 0% $0.00", "Total $29.99", "Not subject to EU VAT",
                "Paid on November 28, 2026 via Binance Pay");
        rendered.assertPdfA3bWithFacturX();
        assertThat(rendered.xml("//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax/ram:CategoryCode"))
                .isEqualTo("G");
        assertThat(rendered.xml("//ram:InvoiceCurrencyCode")).isEqualTo("USD");
        assertThat(rendered.xml("//ram:GrandTotalAmount")).isEqualTo("29.99");
    }

    @Test
    void shouldRenderAJapaneseInvoiceInYenWithoutDecimals() throws Exception {
        // given 3000 yen for a buyer in Japan: English texts (no Japanese translation), Japanese formats
        Rendered rendered = render(document(invoice("INV-2026-000126", "JP", "ja-JP", 3_000, "JPY").build()));

        // then the full-width yen sign of ja-JP, which DejaVu lacks, is printed as the yen sign
        assertThat(rendered.text()).contains("Invoice", "Net amount ¥3,000", "VAT 0% ¥0", "Total ¥3,000");
        rendered.assertPdfA3bWithFacturX();
        assertThat(rendered.xml("//ram:GrandTotalAmount")).isEqualTo("3000");
        assertThat(rendered.xml("//ram:InvoiceCurrencyCode")).isEqualTo("JPY");
    }

    @Test
    void shouldRenderABahrainiInvoiceWithThreeDecimals() throws Exception {
        Rendered rendered = render(document(invoice("INV-2026-000127", "BH", "en-BH", 10_500, "BHD").build()));

        assertThat(rendered.text()).contains("Net amount BHD10.500", "VAT 0% BHD0.000", "Total BHD10.500");
        rendered.assertPdfA3bWithFacturX();
        assertThat(rendered.xml("//ram:GrandTotalAmount")).isEqualTo("10.500");
        assertThat(rendered.xml("//ram:TaxTotalAmount")).isEqualTo("0.000");
    }

    @Test
    void shouldRenderASpanishCreditNoteReferencingItsInvoiceWithPositiveXmlAmounts() throws Exception {
        // given a refund of 29.99 EUR to a buyer in Spain (21 %), correcting INV-2026-000100
        GenerateInvoice payload = invoice("CN-2026-000007", "ES", "es-ES", -2_999, "EUR")
                .setKind(InvoiceKind.CREDIT_NOTE)
                .setReferencesInvoiceNumber("INV-2026-000100")
                .setRefundId("re_1")
                .build();

        Rendered rendered = render(document(payload));

        // then the page shows the negative amounts; the XML is a 381 with positive amounts and the invoice referenced
        assertThat(rendered.text()).contains("Factura rectificativa", "Rectifica la factura INV-2026-000100",
                "Base imponible -24,79 €", "IVA 21 % -5,20 €", "Total -29,99 €", "Reembolsado el");
        rendered.assertPdfA3bWithFacturX();
        assertThat(rendered.xml("//rsm:ExchangedDocument/ram:TypeCode")).isEqualTo("381");
        assertThat(rendered.xml("//ram:GrandTotalAmount")).isEqualTo("29.99");
        assertThat(rendered.xml("//ram:TaxBasisTotalAmount")).isEqualTo("24.79");
        assertThat(rendered.xml("//ram:TaxTotalAmount")).isEqualTo("5.20");
        assertThat(rendered.xml("//ram:InvoiceReferencedDocument/ram:IssuerAssignedID")).isEqualTo("INV-2026-000100");
    }

    @Test
    void shouldRenderTheSameBytesEveryTime() throws Exception {
        InvoiceDocument document = document(invoice("INV-2026-000128", "AT", "de-AT", 2_400, "EUR").build());

        byte[] first = pdf.render(document, FacturXml.of(document));
        // the second rendering in a later second of the wall clock: a timestamp iText took from it would show
        long renderedIn = Instant.now().getEpochSecond();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> Instant.now().getEpochSecond() > renderedIn);
        byte[] second = pdf.render(document, FacturXml.of(document));

        assertThat(InvoiceService.sha256(second)).isEqualTo(InvoiceService.sha256(first));
        // and another number gives another document id and other subset tags
        InvoiceDocument other = document(invoice("INV-2026-000129", "AT", "de-AT", 2_400, "EUR").build());
        assertThat(InvoiceService.sha256(pdf.render(other, FacturXml.of(other))))
                .isNotEqualTo(InvoiceService.sha256(first));
    }

    @Test
    void shouldFailFatallyForPayloadsNoRetryCanFix() {
        assertThatThrownBy(() -> document(invoice("../../etc/passwd", "DE", "de", 100, "EUR").build()))
                .isInstanceOf(FatalJobException.class).hasMessageContaining("is not 1-100 letters");
        assertThatThrownBy(() -> document(invoice("INV-1", "DE", "de", 0, "EUR").build()))
                .isInstanceOf(FatalJobException.class).hasMessageContaining("non-positive gross");
        assertThatThrownBy(() -> document(invoice("CN-1", "DE", "de", -100, "EUR")
                .setKind(InvoiceKind.CREDIT_NOTE).build()))
                .isInstanceOf(FatalJobException.class).hasMessageContaining("names no invoice it corrects");
        assertThatThrownBy(() -> document(invoice("CN-2", "DE", "de", 100, "EUR")
                .setKind(InvoiceKind.CREDIT_NOTE).setReferencesInvoiceNumber("INV-1").build()))
                .isInstanceOf(FatalJobException.class).hasMessageContaining("non-negative gross");
        assertThatThrownBy(() -> document(invoice("INV-2", "DE", "de", 100, "XYZ").build()))
                .isInstanceOf(FatalJobException.class).hasMessageContaining("XYZ");
        assertThatThrownBy(() -> document(invoice("INV-3", "Germany", "de", 100, "EUR").build()))
                .isInstanceOf(FatalJobException.class).hasMessageContaining("buyer country");
    }

    @Test
    void shouldArchiveUnderTheYearOfIssueAndTheNumber() {
        InvoiceDocument document = document(invoice("INV-2026-000130", "DE", "de", 100, "EUR").build());

        assertThat(InvoiceService.objectKey(document)).isEqualTo("invoices/2026/INV-2026-000130.pdf");
    }

    private Rendered render(InvoiceDocument document) throws Exception {
        byte[] xml = FacturXml.of(document);
        return new Rendered(pdf.render(document, xml));
    }

    /** A rendered PDF read back: its text (non-breaking spaces as spaces), XMP and embedded XML. */
    private static final class Rendered {

        private final byte[] bytes;
        private final String text;
        private final XMPMeta xmp;
        private final byte[] embeddedXml;
        private final String afRelationship;
        private final String subtype;
        private final int associatedFiles;
        private final org.w3c.dom.Document xml;

        Rendered(byte[] bytes) throws Exception {
            this.bytes = bytes;
            try (PdfDocument pdf = new PdfDocument(new PdfReader(new ByteArrayInputStream(bytes)))) {
                StringBuilder pages = new StringBuilder();
                for (int page = 1; page <= pdf.getNumberOfPages(); page++) {
                    pages.append(PdfTextExtractor.getTextFromPage(pdf.getPage(page))).append('\n');
                }
                text = pages.toString().replace('\u00a0', ' ').replace('\u202f', ' ');
                xmp = XMPMetaFactory.parseFromBuffer(pdf.getXmpMetadataBytes());
                PdfArray af = pdf.getCatalog().getPdfObject().getAsArray(PdfName.AF);
                associatedFiles = af == null ? 0 : af.size();
                PdfDictionary spec = af.getAsDictionary(0);
                afRelationship = spec.getAsName(PdfName.AFRelationship).getValue();
                assertThat(spec.getAsString(PdfName.F).getValue()).isEqualTo("factur-x.xml");
                PdfStream file = spec.getAsDictionary(PdfName.EF).getAsStream(PdfName.F);
                subtype = file.getAsName(PdfName.Subtype).getValue();
                embeddedXml = file.getBytes();
            }
            var factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            xml = factory.newDocumentBuilder().parse(new ByteArrayInputStream(embeddedXml));
        }

        String text() {
            return text;
        }

        /** The XPath's text in factur-x.xml (prefixes rsm, ram, udt). */
        String xml(String expression) throws Exception {
            XPath xpath = XPathFactory.newInstance().newXPath();
            xpath.setNamespaceContext(new javax.xml.namespace.NamespaceContext() {
                @Override
                public String getNamespaceURI(String prefix) {
                    return switch (prefix) {
                        case "rsm" -> FacturXml.RSM;
                        case "ram" -> FacturXml.RAM;
                        case "udt" -> FacturXml.UDT;
                        default -> null;
                    };
                }

                @Override
                public String getPrefix(String namespaceUri) {
                    return null;
                }

                @Override
                public java.util.Iterator<String> getPrefixes(String namespaceUri) {
                    return null;
                }
            });
            NodeList nodes = (NodeList) xpath.evaluate(expression, xml, XPathConstants.NODESET);
            List<String> values = new ArrayList<>();
            for (int i = 0; i < nodes.getLength(); i++) {
                values.add(nodes.item(i).getTextContent());
            }
            assertThat(values).as(expression).hasSize(1);
            return values.get(0);
        }

        void assertPdfA3bWithFacturX() throws Exception {
            assertThat(new String(bytes, 0, 8, java.nio.charset.StandardCharsets.ISO_8859_1)).startsWith("%PDF-1.7");
            assertThat(xmp.getPropertyInteger(XMPConst.NS_PDFA_ID, "part")).isEqualTo(3);
            assertThat(xmp.getPropertyString(XMPConst.NS_PDFA_ID, "conformance")).isEqualTo("B");
            assertThat(xmp.getPropertyString(InvoicePdf.FACTUR_X_NS, "DocumentFileName")).isEqualTo("factur-x.xml");
            assertThat(xmp.getPropertyString(InvoicePdf.FACTUR_X_NS, "ConformanceLevel")).isEqualTo("EN 16931");
            assertThat(xmp.getPropertyString(InvoicePdf.FACTUR_X_NS, "DocumentType")).isEqualTo("INVOICE");
            assertThat(xmp.getStructField(XMPConst.NS_PDFA_EXTENSION, "schemas[1]", XMPConst.NS_PDFA_SCHEMA,
                    "namespaceURI").getValue()).isEqualTo(InvoicePdf.FACTUR_X_NS);
            assertThat(associatedFiles).isEqualTo(1);
            assertThat(afRelationship).isEqualTo("Alternative");
            assertThat(subtype).isEqualTo("text/xml");
            Element root = xml.getDocumentElement();
            assertThat(root.getLocalName()).isEqualTo("CrossIndustryInvoice");
            assertThat(root.getNamespaceURI()).isEqualTo(FacturXml.RSM);
        }
    }
}

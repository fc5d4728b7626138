package io.coursestream.workers.invoices;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.List;

import com.itextpdf.kernel.colors.ColorConstants;
import com.itextpdf.kernel.font.PdfFont;
import com.itextpdf.kernel.geom.PageSize;
import com.itextpdf.kernel.pdf.PdfAConformance;
import com.itextpdf.kernel.pdf.PdfDictionary;
import com.itextpdf.kernel.pdf.PdfDocumentInfo;
import com.itextpdf.kernel.pdf.PdfName;
import com.itextpdf.kernel.pdf.PdfOutputIntent;
import com.itextpdf.kernel.pdf.PdfString;
import com.itextpdf.kernel.pdf.PdfWriter;
import com.itextpdf.kernel.pdf.WriterProperties;
import com.itextpdf.kernel.pdf.filespec.PdfFileSpec;
import com.itextpdf.kernel.xmp.XMPConst;
import com.itextpdf.kernel.xmp.XMPException;
import com.itextpdf.kernel.xmp.XMPMeta;
import com.itextpdf.kernel.xmp.XMPMetaFactory;
import com.itextpdf.kernel.xmp.options.PropertyOptions;
import com.itextpdf.layout.Document;
import com.itextpdf.layout.borders.Border;
import com.itextpdf.layout.borders.SolidBorder;
import com.itextpdf.layout.element.Cell;
import com.itextpdf.layout.element.Paragraph;
import com.itextpdf.layout.element.Table;
import com.itextpdf.layout.properties.HorizontalAlignment;
import com.itextpdf.layout.properties.TextAlignment;
import com.itextpdf.layout.properties.UnitValue;
import com.itextpdf.pdfa.PdfADocument;

import io.coursestream.workers.pdf.ReproduciblePdf;

/**
 * Renders an {@link InvoiceDocument} as an A4 PDF/A-3b (iText): DejaVu Sans embedded (as a subset), the JDK's sRGB
 * profile as output intent, XMP metadata, and the EN 16931 XML ({@link FacturXml}) embedded as the associated file
 * {@value FacturXml#FILE_NAME} (AFRelationship Alternative) with the Factur-X XMP extension schema, so Factur-X and
 * ZUGFeRD 2 readers find it.
 *
 * <p>Deterministic, so a retried job overwrites its archived PDF with the same bytes: the creation and modification
 * dates are the document's issue instant, the trailer's document id is derived from the number, the font's subset
 * tag, which iText draws at random, is replaced by one derived from the number ({@link ReproduciblePdf#fixSubsetTags}), and one
 * font only is used ({@link ReproduciblePdf#dejaVuSans}).
 * Thread-safe: every render builds its own iText document.
 */
public final class InvoicePdf {

    /** The Factur-X 1.0 XMP namespace, its prefix and the properties its extension schema declares. */
    static final String FACTUR_X_NS = "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#";
    static final String FACTUR_X_PREFIX = "fx";
    private static final List<String[]> FACTUR_X_PROPERTIES = List.of(
            new String[] {"DocumentFileName", "The name of the embedded XML document"},
            new String[] {"DocumentType", "The type of the hybrid document in capital letters, e.g. INVOICE or ORDER"},
            new String[] {"Version", "The actual version of the standard applying to the embedded XML document"},
            new String[] {"ConformanceLevel", "The conformance level of the embedded XML document"});

    /**
     * One font, headings in simulated bold: iText flushes a document's fonts in the order of a hash map keyed by
     * identity, and PDF/A forbids flushing them earlier, so a second font would swap object numbers between runs.
     */
    private static final byte[] SRGB = ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData();

    /** Renders the document with its XML attached; returns the PDF's bytes. */
    public byte[] render(InvoiceDocument document, byte[] facturXml) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        WriterProperties properties = ReproduciblePdf.writerProperties("invoice", document.number());
        PdfOutputIntent intent = new PdfOutputIntent("Custom", "", "http://www.color.org", "sRGB IEC61966-2.1",
                new ByteArrayInputStream(SRGB));
        try (PdfADocument pdf = new PdfADocument(new PdfWriter(out, properties), PdfAConformance.PDF_A_3B, intent)) {
            describe(pdf, document);
            attach(pdf, document, facturXml);
            try (Document page = new Document(pdf, PageSize.A4)) {
                page.setMargins(48, 48, 48, 48);
                PdfFont font = ReproduciblePdf.dejaVuSans();
                page.setFont(font).setFontSize(9.5f);
                new Layout(page, font).write(document);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("rendering " + document.number(), e);
        } catch (XMPException e) {
            throw new IllegalStateException("the Factur-X XMP of " + document.number(), e);
        }
        return ReproduciblePdf.fixSubsetTags(out.toByteArray(), document.number());
    }

    private static void describe(PdfADocument pdf, InvoiceDocument document) throws XMPException {
        InvoiceDocument.Printed printed = document.printed();
        PdfDocumentInfo info = pdf.getDocumentInfo();
        info.setTitle(printed.title() + " " + document.number());
        info.setAuthor(document.seller().name());
        info.setSubject(document.lineDescription());
        info.setCreator("coursestream workers");
        String date = ReproduciblePdf.pdfDate(document.issuedAt());
        info.setMoreInfo("CreationDate", date);
        info.setMoreInfo("ModDate", date);
        pdf.getCatalog().setLang(new PdfString(document.languageTag()));
        pdf.setXmpMetadata(facturXMetadata());
    }

    /** The Factur-X properties and their PDF/A extension schema; iText adds pdfaid and the document info. */
    static XMPMeta facturXMetadata() throws XMPException {
        XMPMetaFactory.getSchemaRegistry().registerNamespace(FACTUR_X_NS, FACTUR_X_PREFIX);
        XMPMeta xmp = XMPMetaFactory.create();
        xmp.setProperty(FACTUR_X_NS, "DocumentType", "INVOICE");
        xmp.setProperty(FACTUR_X_NS, "DocumentFileName", FacturXml.FILE_NAME);
        xmp.setProperty(FACTUR_X_NS, "Version", "1.0");
        xmp.setProperty(FACTUR_X_NS, "ConformanceLevel", FacturXml.CONFORMANCE_LEVEL);

        String extension = XMPConst.NS_PDFA_EXTENSION;
        String schemaNs = XMPConst.NS_PDFA_SCHEMA;
        String propertyNs = XMPConst.NS_PDFA_PROPERTY;
        xmp.appendArrayItem(extension, "schemas", new PropertyOptions(PropertyOptions.ARRAY), null,
                new PropertyOptions(PropertyOptions.STRUCT));
        String schema = "schemas[1]";
        xmp.setStructField(extension, schema, schemaNs, "schema", "Factur-X PDFA Extension Schema");
        xmp.setStructField(extension, schema, schemaNs, "namespaceURI", FACTUR_X_NS);
        xmp.setStructField(extension, schema, schemaNs, "prefix", FACTUR_X_PREFIX);
        xmp.setStructField(extension, schema, schemaNs, "property", null,
                new PropertyOptions(PropertyOptions.ARRAY_ORDERED));
        String properties = schema + "/pdfaSchema:property";
        for (int i = 0; i < FACTUR_X_PROPERTIES.size(); i++) {
            xmp.appendArrayItem(extension, properties, new PropertyOptions(PropertyOptions.ARRAY_ORDERED), null,
                    new PropertyOptions(PropertyOptions.STRUCT));
            String property = properties + "[" + (i + 1) + "]";
            xmp.setStructField(extension, property, propertyNs, "name", FACTUR_X_PROPERTIES.get(i)[0]);
            xmp.setStructField(extension, property, propertyNs, "valueType", "Text");
            xmp.setStructField(extension, property, propertyNs, "category", "external");
            xmp.setStructField(extension, property, propertyNs, "description", FACTUR_X_PROPERTIES.get(i)[1]);
        }
        return xmp;
    }

    private static void attach(PdfADocument pdf, InvoiceDocument document, byte[] facturXml) {
        PdfDictionary parameters = new PdfDictionary();
        parameters.put(PdfName.ModDate, new PdfString(ReproduciblePdf.pdfDate(document.issuedAt())));
        PdfFileSpec spec = PdfFileSpec.createEmbeddedFileSpec(pdf, facturXml, "Factur-X invoice " + document.number(),
                FacturXml.FILE_NAME, new PdfName("text/xml"), parameters, PdfName.Alternative);
        pdf.addAssociatedFile(FacturXml.FILE_NAME, spec);
    }

    /** Lays out one document, drawing only characters the font has ({@link #printable}). */
    private static final class Layout {

        private final Document page;
        private final PdfFont font;

        Layout(Document page, PdfFont font) {
            this.page = page;
            this.font = font;
        }

        void write(InvoiceDocument document) {
            InvoiceDocument.Printed printed = document.printed();
            InvoiceTexts texts = printed.texts();
            Party seller = document.seller();

            page.add(text(seller.name()).simulateBold().setFontSize(14).setMarginBottom(0));
            page.add(lines(seller.addressLines(), seller.country()));
            page.add(text(texts.vatId() + " " + seller.vatId() + " · " + seller.email()).setMarginTop(0)
                    .setFontColor(ColorConstants.DARK_GRAY));

            page.add(text(printed.title()).simulateBold().setFontSize(20).setMarginTop(18).setMarginBottom(6));
            Table facts = new Table(UnitValue.createPercentArray(new float[] {30, 70}))
                    .setWidth(UnitValue.createPercentValue(60));
            fact(facts, texts.number(), document.number());
            fact(facts, texts.issueDate(), printed.issueDate());
            fact(facts, texts.supplyDate(), printed.supplyDate());
            page.add(facts);
            if (printed.correction() != null) {
                page.add(text(printed.correction()).simulateBold().setMarginTop(4));
            }

            Party buyer = document.buyer();
            page.add(text(texts.buyer()).simulateBold().setMarginTop(14).setMarginBottom(0));
            page.add(text(buyer.name()).setMarginBottom(0));
            if (buyer.contact() != null) {
                page.add(text(buyer.contact()).setMarginTop(0).setMarginBottom(0));
            }
            page.add(lines(buyer.addressLines(), buyer.country()));
            if (document.tax().buyerVatId() != null) {
                page.add(text(texts.vatId() + " " + document.tax().buyerVatId()).setMarginTop(0).setMarginBottom(0));
            }
            page.add(text(buyer.email()).setMarginTop(0));

            Table items = new Table(UnitValue.createPercentArray(new float[] {64, 10, 26})).useAllAvailableWidth()
                    .setMarginTop(14);
            items.addHeaderCell(header(texts.description(), TextAlignment.LEFT));
            items.addHeaderCell(header(texts.quantity(), TextAlignment.RIGHT));
            items.addHeaderCell(header(texts.amount(), TextAlignment.RIGHT));
            items.addCell(cell(document.lineDescription(), TextAlignment.LEFT));
            items.addCell(cell("1", TextAlignment.RIGHT));
            items.addCell(cell(printed.net(), TextAlignment.RIGHT));
            page.add(items);

            Table totals = new Table(UnitValue.createPercentArray(new float[] {60, 40}))
                    .setWidth(UnitValue.createPercentValue(50)).setHorizontalAlignment(HorizontalAlignment.RIGHT)
                    .setMarginTop(8);
            total(totals, texts.net(), printed.net(), false);
            total(totals, printed.taxLabel(), printed.tax(), false);
            total(totals, texts.total(), printed.gross(), true);
            page.add(totals);

            if (printed.taxNote() != null) {
                page.add(text(printed.taxNote()).setMarginTop(14));
            }
            page.add(text(printed.payment()).setMarginTop(printed.taxNote() == null ? 14 : 2));
            page.add(text(texts.thanks()).setMarginTop(18).setFontColor(ColorConstants.DARK_GRAY));
        }

        private Paragraph text(String text) {
            return new Paragraph(printable(text, font));
        }

        private Paragraph lines(List<String> addressLines, String country) {
            Paragraph paragraph = new Paragraph().setMarginTop(0).setMarginBottom(0);
            for (String line : addressLines) {
                paragraph.add(printable(line, font) + "\n");
            }
            paragraph.add(country);
            return paragraph;
        }

        private void fact(Table table, String label, String value) {
            table.addCell(new Cell().add(text(label)).setBorder(Border.NO_BORDER).setPadding(1)
                    .setFontColor(ColorConstants.DARK_GRAY));
            table.addCell(new Cell().add(text(value)).setBorder(Border.NO_BORDER).setPadding(1));
        }

        private Cell header(String label, TextAlignment alignment) {
            return new Cell().add(text(label).simulateBold()).setTextAlignment(alignment)
                    .setBorder(Border.NO_BORDER).setBorderBottom(new SolidBorder(ColorConstants.GRAY, 0.75f));
        }

        private Cell cell(String value, TextAlignment alignment) {
            return new Cell().add(text(value)).setTextAlignment(alignment).setBorder(Border.NO_BORDER)
                    .setBorderBottom(new SolidBorder(ColorConstants.LIGHT_GRAY, 0.5f));
        }

        private void total(Table table, String label, String value, boolean emphasized) {
            Cell labelCell = new Cell().add(text(label)).setBorder(Border.NO_BORDER).setPadding(2);
            Cell valueCell = new Cell().add(text(value)).setBorder(Border.NO_BORDER).setPadding(2)
                    .setTextAlignment(TextAlignment.RIGHT);
            if (emphasized) {
                labelCell.simulateBold().setBorderTop(new SolidBorder(ColorConstants.GRAY, 0.75f));
                valueCell.simulateBold().setBorderTop(new SolidBorder(ColorConstants.GRAY, 0.75f));
            }
            table.addCell(labelCell);
            table.addCell(valueCell);
        }
    }

    /**
     * The text with only characters the font can draw: PDF/A forbids the .notdef glyph, and DejaVu Sans has no
     * CJK. Invisible format characters (a right-to-left mark in Arabic currency symbols) are dropped; another
     * missing character is replaced by its compatibility form if the font has that (the full-width yen sign of
     * ja-JP becomes the yen sign), else by '?'.
     */
    static String printable(String text, PdfFont font) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(codePoint -> {
            if (drawable(codePoint, font) || codePoint == '\n') {
                out.appendCodePoint(codePoint);
            } else if (Character.getType(codePoint) != Character.FORMAT) {
                String compatible = Normalizer.normalize(new String(Character.toChars(codePoint)), Normalizer.Form.NFKC);
                out.append(compatible.codePoints().allMatch(c -> drawable(c, font)) ? compatible : "?");
            }
        });
        return out.toString();
    }

    private static boolean drawable(int codePoint, PdfFont font) {
        return Character.isWhitespace(codePoint) && codePoint < 0x80 || font.containsGlyph(codePoint);
    }
}

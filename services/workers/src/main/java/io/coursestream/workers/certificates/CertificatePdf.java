package io.coursestream.workers.certificates;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.Map;

import com.itextpdf.barcodes.BarcodeQRCode;
import com.itextpdf.barcodes.qrcode.EncodeHintType;
import com.itextpdf.barcodes.qrcode.ErrorCorrectionLevel;
import com.itextpdf.kernel.colors.Color;
import com.itextpdf.kernel.colors.ColorConstants;
import com.itextpdf.kernel.colors.DeviceRgb;
import com.itextpdf.kernel.font.PdfFont;
import com.itextpdf.kernel.geom.PageSize;
import com.itextpdf.kernel.geom.Rectangle;
import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.PdfDocumentInfo;
import com.itextpdf.kernel.pdf.PdfPage;
import com.itextpdf.kernel.pdf.PdfString;
import com.itextpdf.kernel.pdf.PdfWriter;
import com.itextpdf.kernel.pdf.canvas.PdfCanvas;
import com.itextpdf.kernel.pdf.xobject.PdfFormXObject;
import com.itextpdf.layout.Canvas;
import com.itextpdf.layout.element.Paragraph;
import com.itextpdf.layout.element.Text;
import com.itextpdf.layout.properties.TextAlignment;

import io.coursestream.workers.pdf.ReproduciblePdf;

/**
 * Renders a {@link CertificateDocument} as a one-page A4 landscape PDF (iText): DejaVu Sans embedded (as a subset,
 * so names in any Latin, Greek or Cyrillic script print), the title, the learner's name and the course title large
 * and centred, the completion, issue and expiry dates, the verification code in full with the URL to check it, and a
 * QR code of that URL (a form XObject, {@value #QR_SIZE} pt with its four-module quiet zone) in the lower right
 * corner. Title, subject, author and keywords (the code) are in the document information.
 *
 * <p>Deterministic, so a retried job stores the same bytes: the dates in the document information are the issue
 * instant, the trailer's document id and the font's subset tag (which iText draws at random) are derived from the
 * certificate id and template version ({@link ReproduciblePdf#fixSubsetTags}), and one font only is used, headings in simulated
 * bold. Thread-safe: every render builds its own iText document.
 */
public final class CertificatePdf {

    /**
     * The QR code's side in points, quiet zone included: 48 mm, so the code itself stays above 100 pt (35 mm) for the
     * versions a verification URL needs, read by a phone at arm's length.
     */
    static final float QR_SIZE = 136;

    private static final PageSize PAGE = PageSize.A4.rotate();
    private static final float FRAME_INSET = 24;
    private static final float QR_INSET = 44;
    private static final Color INK = new DeviceRgb(0x1F, 0x2A, 0x44);
    private static final Color ACCENT = new DeviceRgb(0x8A, 0x6D, 0x1F);

    /** Renders the certificate; returns the PDF's bytes. */
    public byte[] render(CertificateDocument document) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        String identity = document.certificateId() + ":v" + document.templateVersion();
        try (PdfDocument pdf = new PdfDocument(new PdfWriter(out,
                ReproduciblePdf.writerProperties("certificate", identity)))) {
            describe(pdf, document);
            PdfFont font = ReproduciblePdf.dejaVuSans();
            PdfPage page = pdf.addNewPage(PAGE);
            PdfCanvas canvas = new PdfCanvas(page);
            frame(canvas);
            qrCode(pdf, canvas, document.verificationUrl());
            new Layout(canvas, font).write(document);
        } catch (IOException e) {
            throw new UncheckedIOException("rendering certificate " + document.certificateId(), e);
        }
        return ReproduciblePdf.fixSubsetTags(out.toByteArray(), identity);
    }

    private static void describe(PdfDocument pdf, CertificateDocument document) {
        CertificateTexts texts = document.printed().texts();
        PdfDocumentInfo info = pdf.getDocumentInfo();
        info.setTitle(texts.title() + " – " + document.courseTitle());
        info.setSubject(document.learnerName() + " – " + document.courseTitle());
        info.setAuthor("coursestream");
        info.setCreator("coursestream workers");
        info.setProducer("coursestream");
        info.setKeywords(document.verificationCode());
        String date = ReproduciblePdf.pdfDate(document.issuedAt());
        info.setMoreInfo("CreationDate", date);
        info.setMoreInfo("ModDate", date);
        pdf.getCatalog().setLang(new PdfString(document.language()));
    }

    /** A double frame inside the page edge. */
    private static void frame(PdfCanvas canvas) {
        Rectangle outer = new Rectangle(FRAME_INSET, FRAME_INSET, PAGE.getWidth() - 2 * FRAME_INSET,
                PAGE.getHeight() - 2 * FRAME_INSET);
        canvas.saveState()
                .setStrokeColor(INK).setLineWidth(2.5f).rectangle(outer).stroke()
                .setStrokeColor(ACCENT).setLineWidth(0.75f)
                .rectangle(outer.getX() + 6, outer.getY() + 6, outer.getWidth() - 12, outer.getHeight() - 12).stroke()
                .restoreState();
    }

    /**
     * The QR code of the verification URL in the lower right corner, on a white square: its matrix includes the
     * four-module quiet zone scanners need, the square keeps the frame out of it.
     */
    private static void qrCode(PdfDocument pdf, PdfCanvas canvas, String url) {
        BarcodeQRCode qr = new BarcodeQRCode(url, Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
                EncodeHintType.CHARACTER_SET, "UTF-8"));
        float modules = qr.getBarcodeSize(1).getWidth();
        PdfFormXObject code = qr.createFormXObject(ColorConstants.BLACK, QR_SIZE / modules, pdf);
        float x = PAGE.getWidth() - QR_INSET - QR_SIZE;
        float y = QR_INSET;
        canvas.saveState().setFillColor(ColorConstants.WHITE).rectangle(x, y, QR_SIZE, QR_SIZE).fill().restoreState();
        canvas.addXObjectAt(code, x, y);
    }

    /** Lays out the texts of one certificate, drawing only characters the font has ({@link #printable}). */
    private static final class Layout {

        /** The centred block: inside the frame, above the verification lines and the QR code. */
        private static final Rectangle MAIN = new Rectangle(80, QR_INSET + QR_SIZE + 8, PAGE.getWidth() - 160,
                PAGE.getHeight() - 64 - (QR_INSET + QR_SIZE + 8));
        /** The verification lines: lower left, beside the QR code. */
        private static final Rectangle FOOT = new Rectangle(60, QR_INSET, PAGE.getWidth() - 60 - QR_INSET - QR_SIZE
                - 24, 64);

        private final PdfCanvas canvas;
        private final PdfFont font;

        Layout(PdfCanvas canvas, PdfFont font) {
            this.canvas = canvas;
            this.font = font;
        }

        void write(CertificateDocument document) {
            CertificateDocument.Printed printed = document.printed();
            CertificateTexts texts = printed.texts();
            try (Canvas main = new Canvas(canvas, MAIN)) {
                main.setFont(font).setFontColor(INK).setTextAlignment(TextAlignment.CENTER);
                main.add(line(texts.title(), 30, 20, true).setFontColor(ACCENT).setMarginBottom(26));
                main.add(line(texts.certifies(), 14, 12, false).setMarginBottom(8));
                main.add(line(document.learnerName(), 32, 16, true).setMarginBottom(8));
                main.add(line(texts.completed(), 14, 12, false).setMarginBottom(8));
                main.add(line(document.courseTitle(), 24, 12, true).setMarginBottom(22));
                main.add(line(printed.completedOn() + "  ·  " + printed.issuedOn(), 12, 9, false));
                if (printed.validUntil() != null) {
                    main.add(line(printed.validUntil(), 12, 9, false).setMarginTop(4));
                }
            }
            try (Canvas foot = new Canvas(canvas, FOOT)) {
                foot.setFont(font).setFontColor(INK).setTextAlignment(TextAlignment.LEFT);
                foot.add(new Paragraph()
                        .add(new Text(printable(texts.verificationCode() + ": ")).setFontSize(11))
                        .add(new Text(document.verificationCode()).setFontSize(15).simulateBold())
                        .setMargin(0).setMarginBottom(4));
                foot.add(new Paragraph(printable(CertificateTexts.fill(texts.verifyAt(),
                        Map.of("url", document.verificationUrl())))).setFontSize(9).setMargin(0));
            }
        }

        /** A paragraph of the centred block, its size shrunk from {@code max} towards {@code min} to fit two lines. */
        private Paragraph line(String text, float max, float min, boolean bold) {
            String printable = printable(text);
            float size = max;
            while (size > min && font.getWidth(printable, size) > 1.9f * MAIN.getWidth()) {
                size -= 1;
            }
            Paragraph paragraph = new Paragraph(printable).setFontSize(size).setMultipliedLeading(1.1f).setMargin(0);
            return bold ? paragraph.simulateBold() : paragraph;
        }

        private String printable(String text) {
            return CertificatePdf.printable(text, font);
        }
    }

    /**
     * The text with only characters the font can draw: DejaVu Sans has no CJK, and a missing glyph would print as
     * nothing. Invisible format characters are dropped; another missing character is replaced by its compatibility
     * form if the font has that, else by '?'.
     */
    static String printable(String text, PdfFont font) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(codePoint -> {
            if (drawable(codePoint, font)) {
                out.appendCodePoint(codePoint);
            } else if (Character.getType(codePoint) != Character.FORMAT) {
                String compatible = Normalizer.normalize(new String(Character.toChars(codePoint)),
                        Normalizer.Form.NFKC);
                out.append(compatible.codePoints().allMatch(c -> drawable(c, font)) ? compatible : "?");
            }
        });
        return out.toString();
    }

    private static boolean drawable(int codePoint, PdfFont font) {
        return codePoint == ' ' || font.containsGlyph(codePoint);
    }
}

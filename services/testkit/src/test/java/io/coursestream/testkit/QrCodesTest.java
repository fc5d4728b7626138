package io.coursestream.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.junit.jupiter.api.Test;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.qrcode.QRCodeWriter;

class QrCodesTest {

    private static final String URL = "https://courses.example/certificates/verify/7KQ2-M9XD-4TWB";
    /** A code's side in points, quiet zone included, whose modules are about a pixel and a half at 150 dpi. */
    private static final float SMALL_CODE_POINTS = 28;

    @Test
    void shouldReadACodeTooSmallFor150DpiCloser() throws Exception {
        // too small for 150 dpi, where both binarizers miss it, but of three-pixel modules at 300 dpi
        byte[] pdf = pageWithCode(URL, SMALL_CODE_POINTS);

        assertThatThrownBy(() -> QrCodes.decode(QrCodes.page(pdf))).isInstanceOf(AssertionError.class);
        assertThat(QrCodes.scan(pdf).getText()).isEqualTo(URL);
    }

    @Test
    void shouldReadACodeOfCertificateSizeAt150Dpi() throws Exception {
        byte[] pdf = pageWithCode(URL, 110);

        assertThat(QrCodes.decode(QrCodes.page(pdf)).getText()).isEqualTo(URL);
        assertThat(QrCodes.scan(pdf).getText()).isEqualTo(URL);
    }

    @Test
    void shouldSayAtWhichResolutionsAPageWithoutACodeWasScanned() throws Exception {
        byte[] pdf = pageWithCode(null, 0);

        assertThatThrownBy(() -> QrCodes.scan(pdf)).isInstanceOf(AssertionError.class)
                .hasMessage("no QR code that reads in page 1 at [150.0, 200.0, 300.0] dpi");
    }

    /** An A4 landscape page with {@code text}'s QR code of {@code side} points in its lower right; none if null. */
    private static byte[] pageWithCode(String text, float side) throws Exception {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDRectangle a4 = new PDRectangle(PDRectangle.A4.getHeight(), PDRectangle.A4.getWidth());
            PDPage page = new PDPage(a4);
            document.addPage(page);
            if (text != null) {
                BufferedImage code = MatrixToImageWriter.toBufferedImage(
                        new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0));
                try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                    content.drawImage(LosslessFactory.createFromImage(document, code), a4.getWidth() - 60 - side,
                            60, side, side);
                }
            }
            document.save(out);
            return out.toByteArray();
        }
    }
}

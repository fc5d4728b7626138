package io.coursestream.workers.certificates;

import java.awt.image.BufferedImage;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.Result;
import com.google.zxing.ResultPoint;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.DetectorResult;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.google.zxing.qrcode.detector.Detector;

/** Reads a certificate's QR code as a phone would see a print: page 1 rendered by PDFBox, decoded by ZXing. */
final class QrCodes {

    /** The resolution of a modest print or a phone's photo of the page. */
    static final float DPI = 150;

    /**
     * PDFBox warns once per glyph that the subset font's (unused) cmap names glyphs the subset dropped; the page is
     * drawn through the CID-to-glyph map all the same. Held here so the setting is not garbage-collected.
     */
    private static final Logger FONTBOX = Logger.getLogger("org.apache.fontbox");

    static {
        FONTBOX.setLevel(Level.SEVERE);
    }

    private QrCodes() {
    }

    /** The QR code on page 1. */
    static Result scan(byte[] pdf) throws Exception {
        return decode(page(pdf));
    }

    /** Page 1 at {@link #DPI}. */
    static BufferedImage page(byte[] pdf) throws Exception {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFRenderer(document).renderImageWithDPI(0, DPI);
        }
    }

    /**
     * The side in points of the QR code in the image, without its quiet zone: the detected symbol's modules times the
     * module size, which is the distance of the upper finder patterns' centres over the modules between them.
     */
    static float symbolSidePoints(BufferedImage image) throws Exception {
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)));
        DetectorResult detected = new Detector(bitmap.getBlackMatrix())
                .detect(Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE));
        int modules = detected.getBits().getWidth();
        ResultPoint[] finders = detected.getPoints();
        float modulePixels = ResultPoint.distance(finders[1], finders[2]) / (modules - 7);
        return modules * modulePixels * 72 / DPI;
    }

    /** The QR code anywhere in the image. */
    static Result decode(BufferedImage image) throws Exception {
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)));
        return new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE));
    }
}

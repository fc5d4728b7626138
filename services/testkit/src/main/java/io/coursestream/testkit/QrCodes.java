package io.coursestream.testkit;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;

import com.google.zxing.Binarizer;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.LuminanceSource;
import com.google.zxing.ReaderException;
import com.google.zxing.Result;
import com.google.zxing.ResultPoint;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.DetectorResult;
import com.google.zxing.common.GlobalHistogramBinarizer;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.google.zxing.qrcode.detector.Detector;

/**
 * Reads a certificate's QR code as a phone would see a print: page 1 rendered by PDFBox, decoded by ZXing.
 *
 * <p>A scan tries ZXing's local-threshold binarizer first and its global one second, as ZXing's own online decoder
 * does. The local one alone misses about one code in forty at 150 dpi: its 8-pixel blocks beat against modules of
 * 6.9 pixels, and a finder pattern's ratios fall outside its tolerance. The same codes scan at 96, 200 and 300 dpi.
 */
public final class QrCodes {

    /** The resolution of a modest print or a phone's photo of the page. */
    public static final float DPI = 150;

    /** The resolutions a scan tries in turn: {@link #DPI} first, then as a phone held closer. */
    private static final List<Float> SCAN_DPIS = List.of(DPI, 200f, 300f);

    /** Local thresholds first, then one global threshold. */
    private static final List<Function<LuminanceSource, Binarizer>> BINARIZERS = List.of(HybridBinarizer::new,
            GlobalHistogramBinarizer::new);
    private static final Map<DecodeHintType, Object> TRY_HARDER = Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE);

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

    /**
     * The QR code on page 1, looked for as a phone's camera would: on the whole page, else framed, in the page's
     * lower-right quarter, where the certificates print it (on the whole page the text around it can defeat the
     * detector for about one code in a hundred); and, if neither reads at {@link #DPI}, closer, at 200 and then 300 dpi
     * (both binarizers together still miss a rare code at 150 dpi). The text only: result points of the framed read
     * are the frame's.
     */
    public static Result scan(byte[] pdf) throws Exception {
        AssertionError none = new AssertionError("no QR code that reads in page 1 at " + SCAN_DPIS + " dpi");
        for (float dpi : SCAN_DPIS) {
            BufferedImage page = page(pdf, dpi);
            try {
                return decode(page);
            } catch (AssertionError wholePage) {
                none.addSuppressed(wholePage);
            }
            try {
                return decode(page.getSubimage(page.getWidth() / 2, page.getHeight() / 2, page.getWidth() / 2,
                        page.getHeight() / 2));
            } catch (AssertionError framed) {
                none.addSuppressed(framed);
            }
        }
        throw none;
    }

    /** Page 1 at {@link #DPI}. */
    public static BufferedImage page(byte[] pdf) throws Exception {
        return page(pdf, DPI);
    }

    private static BufferedImage page(byte[] pdf, float dpi) throws Exception {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFRenderer(document).renderImageWithDPI(0, dpi);
        }
    }

    /** The QR code anywhere in the image, or an {@link AssertionError} saying there is none that reads. */
    public static Result decode(BufferedImage image) {
        return firstThatReads(image, bitmap -> new QRCodeReader().decode(bitmap, TRY_HARDER));
    }

    /**
     * The side in points of the QR code in the image, without its quiet zone: the detected symbol's modules times the
     * module size, which is the distance of the upper finder patterns' centres over the modules between them.
     */
    public static float symbolSidePoints(BufferedImage image) {
        DetectorResult detected = firstThatReads(image,
                bitmap -> new Detector(bitmap.getBlackMatrix()).detect(TRY_HARDER));
        int modules = detected.getBits().getWidth();
        ResultPoint[] finders = detected.getPoints();
        float modulePixels = ResultPoint.distance(finders[1], finders[2]) / (modules - 7);
        return modules * modulePixels * 72 / DPI;
    }

    private static <T> T firstThatReads(BufferedImage image, Read<T> read) {
        LuminanceSource pixels = new BufferedImageLuminanceSource(image);
        AssertionError none = new AssertionError("no QR code that reads in the image");
        for (Function<LuminanceSource, Binarizer> binarizer : BINARIZERS) {
            try {
                return read.from(new BinaryBitmap(binarizer.apply(pixels)));
            } catch (ReaderException e) {
                none.addSuppressed(e);
            }
        }
        throw none;
    }

    @FunctionalInterface
    private interface Read<T> {
        T from(BinaryBitmap bitmap) throws ReaderException;
    }
}

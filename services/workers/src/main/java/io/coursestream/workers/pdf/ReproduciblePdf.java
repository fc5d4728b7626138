package io.coursestream.workers.pdf;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.TimeZone;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.itextpdf.io.font.PdfEncodings;
import com.itextpdf.kernel.font.PdfFont;
import com.itextpdf.kernel.font.PdfFontFactory;
import com.itextpdf.kernel.pdf.PdfDate;
import com.itextpdf.kernel.pdf.PdfString;
import com.itextpdf.kernel.pdf.WriterProperties;

/**
 * What makes an iText document the same bytes every time it is rendered from the same facts (an invoice number, a
 * certificate's id and template version): the trailer's document id derived from that identity instead of drawn, the
 * font subset tags ({@code /QWERTY+DejaVuSans}, random in iText) derived from it after writing, dates written from
 * the facts in UTC, and one embedded font, DejaVu Sans, read once from the class path.
 */
public final class ReproduciblePdf {

    private static final byte[] DEJAVU_SANS = resource("/fonts/DejaVuSans.ttf");
    private static final Pattern SUBSET_TAG = Pattern.compile("/([A-Z]{6})\\+(DejaVu[A-Za-z-]*)");

    private ReproduciblePdf() {
    }

    /**
     * Writer properties whose document id (initial and modified, 16 bytes) derives from {@code kind} and
     * {@code identity}.
     */
    public static WriterProperties writerProperties(String kind, String identity) {
        byte[] documentId = Arrays.copyOf(sha256(("coursestream-" + kind + ":" + identity)
                .getBytes(StandardCharsets.UTF_8)), 16);
        return new WriterProperties()
                .setInitialDocumentId(new PdfString(documentId).setHexWriting(true))
                .setModifiedDocumentId(new PdfString(documentId).setHexWriting(true));
    }

    /** DejaVu Sans, embedded (subset), for any script it covers. */
    public static PdfFont dejaVuSans() throws IOException {
        return PdfFontFactory.createFont(DEJAVU_SANS, PdfEncodings.IDENTITY_H,
                PdfFontFactory.EmbeddingStrategy.FORCE_EMBEDDED);
    }

    /**
     * Replaces each random subset tag with one derived from {@code identity} and the font name. The tags sit in the
     * uncompressed font dictionaries and keep their length, so the cross-reference offsets stay valid.
     */
    public static byte[] fixSubsetTags(byte[] pdf, String identity) {
        String text = new String(pdf, StandardCharsets.ISO_8859_1);
        Matcher matcher = SUBSET_TAG.matcher(text);
        StringBuilder fixed = new StringBuilder(text.length());
        while (matcher.find()) {
            matcher.appendReplacement(fixed, "/" + tag(identity, matcher.group(2)) + "+" + matcher.group(2));
        }
        matcher.appendTail(fixed);
        byte[] result = fixed.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (result.length != pdf.length) {
            throw new IllegalStateException("fixing subset tags changed the PDF's length");
        }
        return result;
    }

    /** A PDF date string (D:20261128120000+00'00') in UTC. */
    public static String pdfDate(Instant instant) {
        Calendar calendar = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
        calendar.setTimeInMillis(instant.toEpochMilli());
        return new PdfDate(calendar).getPdfObject().getValue();
    }

    /** Six capital letters from the SHA-256 of identity and font. */
    private static String tag(String identity, String font) {
        byte[] digest = sha256((identity + "/" + font).getBytes(StandardCharsets.UTF_8));
        StringBuilder tag = new StringBuilder(6);
        for (int i = 0; i < 6; i++) {
            tag.append((char) ('A' + Math.floorMod(digest[i], 26)));
        }
        return tag.toString();
    }

    private static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = ReproduciblePdf.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("font " + name + " is not on the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + name, e);
        }
    }
}

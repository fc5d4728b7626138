// Tier: unit (CertificatePdf rendered and read back with iText, PDFBox and ZXing, no Quarkus)
package io.coursestream.workers.certificates;

import static io.coursestream.workers.certificates.CertificateFixtures.CODE;
import static io.coursestream.workers.certificates.CertificateFixtures.document;
import static io.coursestream.workers.certificates.CertificateFixtures.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.google.zxing.Result;
import com.google.zxing.ResultPoint;
import com.itextpdf.kernel.geom.Rectangle;
import com.itextpdf.kernel.pdf.PdfDictionary;
import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.PdfDocumentInfo;
import com.itextpdf.kernel.pdf.PdfName;
import com.itextpdf.kernel.pdf.PdfReader;
import com.itextpdf.kernel.pdf.canvas.parser.PdfTextExtractor;

import io.coursestream.schemas.jobs.GenerateCourseCertificate;
import io.coursestream.schemas.verification.VerificationCodes;
import io.coursestream.testkit.QrCodes;

class CertificatePdfTest {

    private final CertificatePdf pdf = new CertificatePdf();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "en-US | America/New_York | Certificate of Completion | This certifies that | has successfully completed"
                    + " | Completed on November 28, 2026 | Verify at",
            "de-DE | Europe/Berlin | Teilnahmezertifikat | Hiermit wird bestätigt, dass | erfolgreich abgeschlossen"
                    + " | Abgeschlossen am 28. November 2026 | Prüfen unter",
            "fr-FR | Europe/Paris | Certificat de réussite | Nous certifions que | a suivi avec succès"
                    + " | Terminé le 28 novembre 2026 | Vérifier sur",
            "es-ES | Europe/Madrid | Certificado de finalización | Se certifica que | ha completado con éxito"
                    + " | Completado el 28 de noviembre de 2026 | Verificar en"})
    void shouldPrintTheCertificateInTheLearnersLanguageWithAScannableQrCode(String locale, String zone, String title,
            String certifies, String completed, String completedOn, String verifyAt) throws Exception {
        // given a learner with a name outside Latin-1 who completed a course on 28 November in their zone
        GenerateCourseCertificate payload = payload(locale, zone).setLearnerName("Zoë Ångström-Łukasiewicz").build();
        CertificateDocument document = document(payload);

        // when it is rendered
        byte[] rendered = pdf.render(document);

        // then the page holds the localized texts, the name and course, the code in full and the verification URL
        String text = text(rendered);
        assertThat(text).contains(title, certifies, completed, completedOn, "Zoë Ångström-Łukasiewicz",
                "Kafka Streams in Practice", CODE, verifyAt + " " + CertificateFixtures.BASE_URL + CODE);
        assertThat(text).doesNotContain("?");
        assertThat(document.language()).isEqualTo(locale.substring(0, 2));
        // and it is one A4 landscape page with the font embedded and the metadata set
        try (PdfDocument read = read(rendered)) {
            assertThat(read.getNumberOfPages()).isEqualTo(1);
            Rectangle page = read.getFirstPage().getPageSize();
            assertThat(page.getWidth()).isEqualTo(842f, org.assertj.core.data.Offset.offset(1f));
            assertThat(page.getHeight()).isEqualTo(595f, org.assertj.core.data.Offset.offset(1f));
            assertThat(fonts(read)).isNotEmpty().allSatisfy(font -> assertThat(embedded(font))
                    .as("font %s embedded", font.getAsName(PdfName.BaseFont)).isTrue());
            PdfDocumentInfo info = read.getDocumentInfo();
            assertThat(info.getTitle()).isEqualTo(title + " – Kafka Streams in Practice");
            assertThat(info.getAuthor()).isEqualTo("coursestream");
            assertThat(info.getProducer()).contains("coursestream");
            assertThat(info.getKeywords()).isEqualTo(CODE);
        }
        // and the QR code, scanned from the page rendered at 150 dpi, is the verification URL
        Result qr = QrCodes.scan(rendered);
        assertThat(qr.getText()).isEqualTo(document.verificationUrl())
                .isEqualTo(CertificateFixtures.BASE_URL + CODE);
    }

    @Test
    void shouldPlaceAQrCodeOfAtLeastAHundredPointsInTheLowerRightCorner() throws Exception {
        byte[] rendered = pdf.render(document(payload().build()));

        BufferedImage page = QrCodes.page(rendered);
        Result qr = QrCodes.decode(page);

        // the finder patterns' centres lie in the lower right corner of the page
        for (ResultPoint point : qr.getResultPoints()) {
            assertThat(point.getX()).isGreaterThan(page.getWidth() * 0.75f);
            assertThat(point.getY()).isGreaterThan(page.getHeight() * 0.6f);
        }
        // and the symbol is at least 100 pt wide, its quiet zone around it on the page
        assertThat(QrCodes.symbolSidePoints(page)).isGreaterThanOrEqualTo(100f);
        assertThat(CertificatePdf.QR_SIZE).isGreaterThan(QrCodes.symbolSidePoints(page));
    }

    @Test
    void shouldPrintAQrCodeThatScansForAnyVerificationCode() throws Exception {
        // each code is another pattern of modules; one in forty once defeated ZXing's local-threshold binarizer
        VerificationCodes codes = new VerificationCodes();
        GenerateCourseCertificate payload = payload().build();

        for (int i = 0; i < 100; i++) {
            CertificateDocument document = document(payload, codes.next());
            assertThat(QrCodes.scan(pdf.render(document)).getText()).as(document.verificationCode())
                    .isEqualTo(document.verificationUrl());
        }
    }

    @Test
    void shouldPrintTheExpiryOnlyWhenTheCertificateExpires() throws Exception {
        GenerateCourseCertificate expiring = payload("de-AT", "Europe/Vienna")
                .setExpiresAt(Instant.parse("2028-11-28T22:30:00Z")).build();

        assertThat(text(pdf.render(document(expiring)))).contains("Gültig bis 28. November 2028")
                .contains("Ausgestellt am 29. November 2026");
        assertThat(text(pdf.render(document(payload("de-AT", "Europe/Vienna").build()))))
                .doesNotContain("Gültig bis");
    }

    @Test
    void shouldPrintTheDatesInTheLearnersTimeZone() throws Exception {
        // completed at 21:30 UTC: still the 28th in New York, already the 29th in Tokyo
        assertThat(text(pdf.render(document(payload("en-US", "America/New_York").build()))))
                .contains("Completed on November 28, 2026");
        assertThat(text(pdf.render(document(payload("en-US", "Asia/Tokyo").build()))))
                .contains("Completed on November 29, 2026");
    }

    @Test
    void shouldPrintAQuestionMarkForCharactersTheFontLacksAndKeepTheRest() throws Exception {
        String text = text(pdf.render(document(payload().setLearnerName("山田 Hana").build())));

        assertThat(text).contains("?? Hana");
    }

    @Test
    void shouldRenderTheSameBytesEveryTime() throws Exception {
        CertificateDocument document = document(payload().build());

        byte[] first = pdf.render(document);
        // the second rendering in a later second of the wall clock: a timestamp iText took from it would show
        long renderedIn = Instant.now().getEpochSecond();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> Instant.now().getEpochSecond() > renderedIn);
        byte[] second = pdf.render(document);

        assertThat(CertificationService.sha256(second)).isEqualTo(CertificationService.sha256(first));
        // and another template version is another document
        CertificateDocument v2 = document(payload().setTemplateVersion(2).build());
        assertThat(CertificationService.sha256(pdf.render(v2))).isNotEqualTo(CertificationService.sha256(first));
    }

    private static String text(byte[] rendered) throws Exception {
        try (PdfDocument document = read(rendered)) {
            return PdfTextExtractor.getTextFromPage(document.getFirstPage()).replace('\u00a0', ' ')
                    .replace('\u202f', ' ').replaceAll("\\s+", " ");
        }
    }

    private static PdfDocument read(byte[] rendered) throws Exception {
        return new PdfDocument(new PdfReader(new ByteArrayInputStream(rendered)));
    }

    /** The fonts of the page, and the descendant fonts of composite ones. */
    private static List<PdfDictionary> fonts(PdfDocument document) {
        List<PdfDictionary> fonts = new ArrayList<>();
        PdfDictionary resources = document.getFirstPage().getResources().getResource(PdfName.Font);
        for (PdfName name : resources.keySet()) {
            PdfDictionary font = resources.getAsDictionary(name);
            if (PdfName.Type0.equals(font.getAsName(PdfName.Subtype))) {
                fonts.add(font.getAsArray(PdfName.DescendantFonts).getAsDictionary(0));
            } else {
                fonts.add(font);
            }
        }
        return fonts;
    }

    private static boolean embedded(PdfDictionary font) {
        PdfDictionary descriptor = font.getAsDictionary(PdfName.FontDescriptor);
        return descriptor != null && (descriptor.containsKey(PdfName.FontFile2)
                || descriptor.containsKey(PdfName.FontFile) || descriptor.containsKey(PdfName.FontFile3));
    }
}

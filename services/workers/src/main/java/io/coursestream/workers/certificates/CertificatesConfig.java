package io.coursestream.workers.certificates;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The certificate settings ({@code coursestream.certificates.*}); application.properties explains each. */
@ConfigMapping(prefix = "coursestream.certificates")
public interface CertificatesConfig {

    /**
     * The private bucket the PDFs are stored in, on the server of {@code coursestream.storage.*}; learners reach
     * them only through signed URLs.
     */
    @WithDefault("coursestream-certificates")
    String bucket();

    /**
     * The public verification endpoint; a certificate's URL is this with its code appended (one {@code /} between
     * them, whether or not the setting ends with one). The QR code on the PDF encodes that URL.
     */
    @WithDefault("http://127.0.0.1:8080/api/certificates/")
    String verificationBaseUrl();
}

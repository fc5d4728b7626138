package io.coursestream.admin;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;

import io.coursestream.schemas.certificates.CertificateExpired;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code certificates expire <code> [--at <instant>]}: writes one {@link CertificateExpired} to
 * {@code certificates.certificate-status}; verification answers expired from then on.
 */
@Command(name = "expire", mixinStandardHelpOptions = true,
        description = "Mark a certificate expired: verification answers expired from now on.")
final class CertificateExpireCommand implements Callable<Integer> {

    @ParentCommand
    CertificatesCommand certificates;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "<code>", converter = CertificateCodes.class,
            description = "The certificate's verification code, " + CertificateCodes.FORMAT + ".")
    String code;

    @Option(names = "--at", paramLabel = "<instant>",
            description = "When it expired, ISO-8601 (2026-05-01T00:00:00Z; default: now).")
    Instant at;

    @Override
    public Integer call() {
        AdminCli admin = certificates.admin;
        Instant now = Instant.now();
        // What the topic keeps (timestamp-millis), so that the instant printed is the one recorded.
        Instant expiredAt = (at == null ? now : at).truncatedTo(ChronoUnit.MILLIS);
        try (CertificateStatusWriter writer = CertificateStatusWriter.connect(admin.bootstrapServers,
                admin.registryUrl)) {
            writer.expire(code, expiredAt, now);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("certificate " + code + " expired at " + expiredAt);
        out.flush();
        return 0;
    }
}

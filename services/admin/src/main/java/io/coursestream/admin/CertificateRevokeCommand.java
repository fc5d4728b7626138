package io.coursestream.admin;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;

import io.coursestream.schemas.certificates.CertificateRevoked;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code certificates revoke <code> --reason <text>}: writes one {@link CertificateRevoked} (by the operator, now) to
 * {@code certificates.certificate-status}; verification answers revoked from then on.
 */
@Command(name = "revoke", mixinStandardHelpOptions = true,
        description = "Revoke a certificate: verification answers revoked from now on.")
final class CertificateRevokeCommand implements Callable<Integer> {

    @ParentCommand
    CertificatesCommand certificates;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "<code>", converter = CertificateCodes.class,
            description = "The certificate's verification code, " + CertificateCodes.FORMAT + ".")
    String code;

    @Option(names = "--reason", required = true, paramLabel = "<text>",
            description = "Why; shown to administrators, not to verifiers.")
    String reason;

    @Override
    public Integer call() {
        if (reason.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--reason must not be blank");
        }
        AdminCli admin = certificates.admin;
        try (CertificateStatusWriter writer = CertificateStatusWriter.connect(admin.bootstrapServers,
                admin.registryUrl)) {
            writer.revoke(code, reason.strip(), admin.operator(), Instant.now());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("certificate " + code + " revoked");
        out.flush();
        return 0;
    }
}

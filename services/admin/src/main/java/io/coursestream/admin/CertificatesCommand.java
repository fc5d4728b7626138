package io.coursestream.admin;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code certificates}: course certificates, by their verification codes, and regenerating a course's. */
@Command(name = "certificates", mixinStandardHelpOptions = true,
        description = "Revoke or expire a certificate; regenerate every certificate of a course with a new template.",
        subcommands = {CertificateRevokeCommand.class, CertificateExpireCommand.class,
                CertificateRegenerateCommand.class})
final class CertificatesCommand {

    @ParentCommand
    AdminCli admin;
}

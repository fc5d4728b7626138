package io.coursestream.admin;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code affiliates}: the affiliate program's operator decisions and payout runs. */
@Command(name = "affiliates", mixinStandardHelpOptions = true,
        description = "Approve or decline flagged conversions; process commissions into payouts.",
        subcommands = {ReviewConversionCommand.class, ProcessCommissionsCommand.class})
final class AffiliatesCommand {

    @ParentCommand
    AdminCli admin;
}

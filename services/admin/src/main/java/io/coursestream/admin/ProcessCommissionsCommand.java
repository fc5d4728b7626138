package io.coursestream.admin;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.concurrent.Callable;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

import io.coursestream.topology.affiliates.AffiliateControlCommands;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code affiliates process-commissions}: ProcessCommissions of the original system, on demand. Writes one
 * {@code ProcessCommissions}; every partition of the affiliate topology releases the holds ending by {@code --as-of}
 * and creates a payout (PayoutCreated and an ExecutePayout job) for each affiliate whose balance reaches the
 * threshold, as the schedule does.
 */
@Command(name = "process-commissions", mixinStandardHelpOptions = true,
        description = "Release ended holds and pay out every affiliate balance over the threshold now.")
final class ProcessCommissionsCommand implements Callable<Integer> {

    @ParentCommand
    AffiliatesCommand affiliates;

    @Spec
    CommandSpec spec;

    @Option(names = "--currency", paramLabel = "<ISO 4217>", description = "Only this currency (default: all).")
    String currency;

    @Option(names = "--affiliate", paramLabel = "<affiliateId>", description = "Only this affiliate (default: all).")
    String affiliateId;

    @Option(names = "--as-of", paramLabel = "<instant>", description = "Cut-off for holds and balances, ISO-8601 "
            + "(default: now).")
    Instant asOf;

    @Option(names = "--dry-run", description = "Change nothing; only work out what would be approved and paid.")
    boolean dryRun;

    @Override
    public Integer call() {
        if (currency != null) {
            try {
                Currency.getInstance(currency);
            } catch (IllegalArgumentException unknown) {
                throw new ParameterException(spec.commandLine(), "--currency must be an ISO 4217 code, not " + currency);
            }
        }
        AdminCli admin = affiliates.admin;
        ProducerRecord<String, SpecificRecord> command = AffiliateControlCommands.processCommissions(admin.operator(),
                asOf == null ? Instant.now() : asOf, currency, affiliateId, dryRun);
        try (ControlCommandWriter writer = admin.controlCommandWriter()) {
            writer.write(List.of(command));
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println((dryRun ? "dry run of commission processing" : "commission processing") + " requested (command "
                + command.key() + (currency == null ? "" : ", " + currency)
                + (affiliateId == null ? "" : ", affiliate " + affiliateId) + ")");
        out.flush();
        return 0;
    }
}

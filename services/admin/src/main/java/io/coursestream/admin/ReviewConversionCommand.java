package io.coursestream.admin;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import io.coursestream.schemas.control.ReviewDecision;
import io.coursestream.topology.affiliates.AffiliateControlCommands;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code affiliates review <conversionId> --approve|--decline}: writes one {@code ReviewConversion}. The affiliate
 * topology applies it to the conversion's commissions on every tier (CommissionApproved or CommissionDeclined on
 * {@code affiliates.affiliate-events}); a conversion that holds nothing for review is left as it is.
 */
@Command(name = "review", mixinStandardHelpOptions = true,
        description = "Approve or decline the commissions a flagged conversion holds for review, on every tier.")
final class ReviewConversionCommand implements Callable<Integer> {

    @ParentCommand
    AffiliatesCommand affiliates;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "<conversionId>", description = "The conversion, as ConversionFlagged names it.")
    String conversionId;

    @ArgGroup(multiplicity = "1")
    Decision decision;

    @Option(names = "--note", paramLabel = "<text>", description = "Why; recorded with the decision.")
    String note;

    static final class Decision {
        @Option(names = "--approve", required = true, description = "Release the commissions: they count towards "
                + "the next payout.")
        boolean approve;

        @Option(names = "--decline", required = true, description = "Never pay the commissions.")
        boolean decline;

        ReviewDecision value() {
            return approve ? ReviewDecision.APPROVE : ReviewDecision.DECLINE;
        }
    }

    @Override
    public Integer call() {
        AdminCli admin = affiliates.admin;
        ProducerRecord<String, SpecificRecord> command = AffiliateControlCommands.review(conversionId,
                decision.value(), admin.operator(), note, Instant.now());
        RecordMetadata written;
        try (ControlCommandWriter writer = admin.controlCommandWriter()) {
            written = writer.write(List.of(command)).get(0);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println((decision.approve ? "approval" : "decline") + " of conversion " + conversionId
                + " requested (command " + command.key() + ", partition " + written.partition() + ")");
        out.flush();
        return 0;
    }
}

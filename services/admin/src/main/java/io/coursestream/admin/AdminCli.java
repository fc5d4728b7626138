package io.coursestream.admin;

import java.io.PrintWriter;
import java.net.URI;
import java.util.logging.Level;
import java.util.logging.Logger;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code coursestream-admin}: the operators' command line. Commands are written to {@code control.commands}; answers
 * come from the stream processor's HTTP API. Exit codes: 0 done, 1 Kafka, the registry or the API failed (a one-line
 * message on stderr, the stack trace too with {@code --verbose}), 2 bad usage.
 *
 * <p>The global options may be given before or after a subcommand ({@code failed-jobs list --api-url ...}).
 */
@Command(name = "coursestream-admin", mixinStandardHelpOptions = true, version = "coursestream-admin 0.1.0",
        description = "Operate coursestream: inspect, retry and forget failed jobs; enqueue probe jobs; publish points "
                + "rules and recalculate users' levels; review affiliate conversions and process commissions; carry "
                + "out the steps an upgrade asks for; revoke, expire and regenerate certificates.",
        subcommands = {FailedJobsCommand.class, JobsCommand.class, PointsCommand.class, AffiliatesCommand.class,
                CertificatesCommand.class, UpgradeCommand.class})
public final class AdminCli implements IExecutionExceptionHandler {

    /** Exit code of a failure reaching Kafka, the registry or the stream processor's API. */
    public static final int FAILURE = 1;

    /** Held so that its level sticks: java.util.logging keeps loggers weakly. */
    private static final Logger APICURIO_CLIENT_LOG = Logger.getLogger("io.apicurio.registry.client");

    @Option(names = "--bootstrap-servers", scope = ScopeType.INHERIT,
            defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}",
            description = "Kafka bootstrap servers (env KAFKA_BOOTSTRAP_SERVERS, default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--registry-url", scope = ScopeType.INHERIT,
            defaultValue = "${env:APICURIO_REGISTRY_URL:-http://127.0.0.1:8081/apis/registry/v3}",
            description = "Apicurio registry v3 API (env APICURIO_REGISTRY_URL, default: ${DEFAULT-VALUE}).")
    String registryUrl;

    @Option(names = "--api-url", scope = ScopeType.INHERIT,
            defaultValue = "${env:COURSESTREAM_API_URL:-http://127.0.0.1:8080}",
            description = "The stream processor's HTTP API (env COURSESTREAM_API_URL, default: ${DEFAULT-VALUE}).")
    URI apiUrl;

    @Option(names = "--operator", scope = ScopeType.INHERIT, defaultValue = "${env:USER:-${sys:user.name}}",
            description = "Who asks, recorded as requestedBy (env USER, default: ${DEFAULT-VALUE}).")
    String operator;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Print stack traces of failures and the clients' log at INFO.")
    boolean verbose;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line as {@link #main} runs it; tests execute it with their own out and err writers. */
    public static CommandLine commandLine() {
        AdminCli admin = new AdminCli();
        return new CommandLine(admin)
                .setExecutionStrategy(admin::execute)
                .setParameterExceptionHandler(AdminCli::usageError)
                .setExecutionExceptionHandler(admin);
    }

    ProcessorApiClient processorApi() {
        return new ProcessorApiClient(apiUrl);
    }

    ControlCommandWriter controlCommandWriter() {
        return ControlCommandWriter.connect(bootstrapServers, registryUrl);
    }

    JobDispatchWriter jobDispatchWriter() {
        return JobDispatchWriter.connect(bootstrapServers, registryUrl);
    }

    String operator() {
        return operator;
    }

    URI apiUrl() {
        return apiUrl;
    }

    private int execute(ParseResult parseResult) {
        if (verbose) {
            // Read by slf4j-simple when the first client logger is made, which is after parsing.
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
            System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "info");
        } else {
            // The registry client warns about its shared Vert.x instance on every run: advice for servers, not operators.
            APICURIO_CLIENT_LOG.setLevel(Level.SEVERE);
        }
        return new CommandLine.RunLast().execute(parseResult);
    }

    /** The error and a pointer to help, rather than the whole usage text. */
    private static int usageError(ParameterException error, String[] args) {
        CommandLine command = error.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(command.getColorScheme().errorText(error.getMessage()));
        if (!UnmatchedArgumentException.printSuggestions(error, err)) {
            err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
        }
        err.flush();
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    @Override
    public int handleExecutionException(Exception failure, CommandLine command, ParseResult parseResult) {
        PrintWriter err = command.getErr();
        err.println(command.getColorScheme().errorText("error: " + Failures.describe(failure)));
        if (verbose) {
            failure.printStackTrace(err);
        }
        err.flush();
        return FAILURE;
    }
}

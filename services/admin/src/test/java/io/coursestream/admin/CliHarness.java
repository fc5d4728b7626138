package io.coursestream.admin;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** {@code coursestream-admin} run in the test's JVM with what it prints captured; or only parsed, not run. */
final class CliHarness {

    private final List<String> globalOptions;
    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    /** @param globalOptions options appended to every command (servers, operator), as a shell alias would */
    CliHarness(String... globalOptions) {
        this.globalOptions = List.of(globalOptions);
    }

    /** Runs one command line; its output adds to what earlier runs printed until {@link #clear()}. */
    int execute(String... args) {
        CommandLine cli = AdminCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(globalOptions);
        return cli.execute(all.toArray(String[]::new));
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }

    void clear() {
        out = new StringWriter();
        err = new StringWriter();
    }

    /** The command object picocli filled in for the innermost subcommand of {@code args}, without running it. */
    static <T> T parsed(Class<T> type, String... args) {
        ParseResult result = AdminCli.commandLine().parseArgs(args);
        while (result.hasSubcommand()) {
            result = result.subcommand();
        }
        return type.cast(result.commandSpec().userObject());
    }
}

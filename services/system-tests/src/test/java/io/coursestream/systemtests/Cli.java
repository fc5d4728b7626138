package io.coursestream.systemtests;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine;

import io.coursestream.admin.AdminCli;
import io.coursestream.testkit.TestEnvironment;

/** {@code coursestream-admin} run in this JVM against the test broker, registry and the processor's API. */
final class Cli {

    private final TestEnvironment env;
    private final String apiUrl;

    Cli(TestEnvironment env, String apiUrl) {
        this.env = env;
        this.apiUrl = apiUrl;
    }

    /** What one command printed and how it exited. */
    record Result(int exitCode, String out, String err) {

        /** The last line of stdout: the id {@code jobs probe} prints. */
        String lastLine() {
            String[] lines = out.strip().split("\\R");
            return lines[lines.length - 1].strip();
        }
    }

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = AdminCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--bootstrap-servers", env.bootstrapServers(), "--registry-url", env.registryUrl(),
                "--api-url", apiUrl, "--operator", "ops@example.com"));
        int exit = cli.execute(all.toArray(String[]::new));
        return new Result(exit, out.toString(), err.toString());
    }
}

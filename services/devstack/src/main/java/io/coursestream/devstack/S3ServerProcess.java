package io.coursestream.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * An S3-compatible server as a process: S3Proxy with its filesystem backend, a bucket being a directory under
 * {@code <stateDir>/s3/data/}. It creates no bucket: the services create what they use.
 *
 * <p>Chosen over S3Mock because it answers everything our code does through the AWS SDK v2 (put, get, list, delete,
 * and the low-level multipart upload) when the client uses path-style access, a fixed region and checksums only
 * "when required" (verified by LocalStackIT), starts in about 2 s on Java 17 and is one self-contained jar. It does not
 * accept the SDK's {@code S3TransferManager} multipart uploads ({@code x-amz-mp-object-size} is rejected with 501),
 * nor return flexible checksums.
 */
public final class S3ServerProcess extends ServerProcess {

    private static final String NAME = "s3";

    /** Development credentials; nothing outside 127.0.0.1 can reach the server. */
    public static final String ACCESS_KEY = "coursestream";
    public static final String SECRET_KEY = "coursestream-secret";
    public static final String REGION = "us-east-1";

    private final int port;

    private S3ServerProcess(ChildProcess process, int port) {
        super(NAME, process);
        this.port = port;
    }

    public static S3ServerProcess start(StackTools tools, Path stateDir, int port, Duration timeout) {
        Path home = stateDir.resolve("s3");
        Path config = home.resolve("s3proxy.properties");
        try {
            Files.createDirectories(home.resolve("data"));
            Files.writeString(config, String.join("\n",
                    "# written by coursestream-devstack at every start",
                    "s3proxy.endpoint=http://" + LoopbackPorts.HOST + ":" + port,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + ACCESS_KEY,
                    "s3proxy.credential=" + SECRET_KEY,
                    // Browsers upload with presigned URLs from the local web app.
                    "s3proxy.cors-allow-all=true",
                    "jclouds.provider=filesystem-nio2",
                    "jclouds.filesystem.basedir=" + home.resolve("data").toAbsolutePath(),
                    ""), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = List.of(JavaRuntimes.current().toString(), "-Xmx256m",
                "-jar", tools.s3Server().toString(), "--properties", config.toAbsolutePath().toString());
        ChildProcess child = ChildProcess.start(NAME, command, home, stateDir.resolve("logs").resolve(NAME + ".log"),
                stateDir.resolve("run").resolve(NAME + ".pid"), stateDir.toAbsolutePath().toString(),
                // S3Proxy's logback reads its level from the environment; per-request lines are noise here.
                Map.of("LOG_LEVEL", "warn"));
        S3ServerProcess server = new S3ServerProcess(child, port);
        // Any HTTP answer (an anonymous GET gets 403) means the server accepts requests.
        child.awaitReady(timeout, () -> HttpProbe.status(server.endpoint() + "/") > 0);
        return server;
    }

    /** {@code http://127.0.0.1:<port>}; use path-style access. */
    public String endpoint() {
        return "http://" + LoopbackPorts.HOST + ":" + port;
    }

    public String accessKey() {
        return ACCESS_KEY;
    }

    public String secretKey() {
        return SECRET_KEY;
    }

    public String region() {
        return REGION;
    }
}

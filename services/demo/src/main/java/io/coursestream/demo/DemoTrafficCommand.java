package io.coursestream.demo;

import java.util.concurrent.Callable;

import io.coursestream.schemas.serde.AvroSerdes;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code demo-traffic}: send realistic input events to a running broker and registry. */
@Command(name = "demo-traffic", mixinStandardHelpOptions = true,
        description = "Produces deterministic, realistic input events for every coursestream input topic.")
public final class DemoTrafficCommand implements Callable<Integer> {

    @Option(names = "--bootstrap-servers", defaultValue = "127.0.0.1:9092", description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--registry-url", defaultValue = "http://127.0.0.1:8081/apis/registry/v3", description = "Apicurio registry v3 API (default: ${DEFAULT-VALUE}).")
    String registryUrl;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed; the same seed gives the same events (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--rate", defaultValue = "20", description = "Events per second (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--users", defaultValue = "200", description = "Users that register over the run (default: ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--courses", defaultValue = "8", description = "Courses in the catalogue (default: ${DEFAULT-VALUE}).")
    int courses;

    @Option(names = "--count", defaultValue = "0", description = "Stop after this many events; 0 runs until Ctrl-C (default: ${DEFAULT-VALUE}).")
    long count;

    @Override
    public Integer call() throws InterruptedException {
        DemoOptions options = new DemoOptions(seed, rate, users, courses);
        try (DemoTraffic traffic = DemoTraffic.start(bootstrapServers, AvroSerdes.forRegistry(registryUrl), options, count)) {
            Runtime.getRuntime().addShutdownHook(new Thread(traffic::close, "demo-traffic-stop"));
            traffic.join();
            return 0;
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new DemoTrafficCommand()).execute(args));
    }
}

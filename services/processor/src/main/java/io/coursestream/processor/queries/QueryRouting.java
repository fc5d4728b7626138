package io.coursestream.processor.queries;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Where a query is answered (DESIGN 7: any instance answers any key). Kafka Streams knows which instance owns each
 * store partition, by the {@code application.server} address every instance publishes to the group
 * ({@code quarkus.kafka-streams.application-server}); a query for a key owned elsewhere is forwarded there over HTTP,
 * and a query over all keys asks every other instance for its partitions. One HTTP client for all of it, with
 * {@value #TIMEOUT_SECONDS} s timeouts: a slow or dead instance costs a 503 or 504, never a hanging request.
 *
 * <p>A forwarded request carries {@value #FORWARDED_BY}; an instance that gets one for a key it does not own (the
 * group is rebalancing and the two instances disagree) answers 503 rather than forwarding it on. Every answer about
 * a key names the instance that read it in {@value #SERVED_BY}.
 */
@ApplicationScoped
public class QueryRouting {

    private static final Logger LOG = Logger.getLogger(QueryRouting.class);

    /** Set on a forwarded request: the address of the instance that forwarded it. */
    public static final String FORWARDED_BY = "X-Coursestream-Forwarded-By";
    /** Set on an answer about one key: the address of the instance whose store answered. */
    public static final String SERVED_BY = "X-Coursestream-Served-By";
    public static final int TIMEOUT_SECONDS = 2;
    private static final Duration TIMEOUT = Duration.ofSeconds(TIMEOUT_SECONDS);
    private static final Serializer<String> KEYS = Serdes.String().serializer();

    /** Where a key lives: the instance and the store partition. */
    public record Owner(HostInfo host, int partition, boolean local) {

        public String address() {
            return address(host);
        }

        static String address(HostInfo host) {
            return host.host() + ":" + host.port();
        }
    }

    /** What the other instances answered, and why the rest did not. */
    public record PeerAnswers<T>(List<T> answers, List<String> failures) {
    }

    private final KafkaStreams streams;
    private final HostInfo self;
    private final ObjectMapper json;
    private final HttpClient http;

    public QueryRouting(KafkaStreams streams,
            @ConfigProperty(name = "quarkus.kafka-streams.application-server") String applicationServer,
            ObjectMapper json) {
        this.streams = streams;
        this.self = HostInfo.buildFromEndpoint(applicationServer);
        this.json = json;
        // HTTP/1.1: the instances serve plain HTTP/1.1, an HTTP/2 upgrade attempt per request would only cost time.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
    }

    /** This instance's address, as the other instances know it. */
    public String self() {
        return Owner.address(self);
    }

    /**
     * The owner of {@code key} in {@code store}.
     *
     * @throws QueryUnavailableException while Kafka Streams does not know it (starting, rebalancing, stopping)
     */
    public Owner owner(String store, String key) {
        KeyQueryMetadata metadata;
        try {
            metadata = streams.queryMetadataForKey(store, key, KEYS);
        } catch (IllegalStateException notRunning) {
            // stopping or failed; before the start it is a StreamsNotStartedException, an InvalidStateStoreException
            throw notKnown(notRunning.getMessage());
        }
        if (metadata == null || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata)
                || HostInfo.unavailable().equals(metadata.activeHost())) {
            throw notKnown("no instance owns the partition yet");
        }
        return new Owner(metadata.activeHost(), metadata.partition(), metadata.activeHost().equals(self));
    }

    private QueryUnavailableException notKnown(String detail) {
        return QueryUnavailableException.retry("Which instance holds this key is not known yet (Kafka Streams is "
                + streams.state() + ": " + detail + ")");
    }

    /**
     * The owner's answer to the request for {@code requestUri} (its path and query): status, body, Content-Type,
     * Retry-After and {@value #SERVED_BY} as the owner gave them.
     *
     * @param forwardedBy the {@value #FORWARDED_BY} header of the request, null when it came from a client
     * @param what        what is asked for, for error messages ("user u1")
     * @throws QueryUnavailableException 503 when the request was forwarded here already or the owner is unreachable,
     *                                   504 when it does not answer in time
     */
    public Response forward(Owner owner, URI requestUri, String forwardedBy, String what) {
        if (forwardedBy != null) {
            throw QueryUnavailableException.retry(forwardedBy + " forwarded the request for " + what + " here, but "
                    + self() + " sees " + owner.address() + " as its owner: the group is rebalancing");
        }
        URI target = URI.create("http://" + owner.address() + requestUri.getRawPath()
                + (requestUri.getRawQuery() == null ? "" : "?" + requestUri.getRawQuery()));
        try {
            HttpResponse<String> answer = http.send(get(target).header(FORWARDED_BY, self()).build(),
                    HttpResponse.BodyHandlers.ofString());
            Response.ResponseBuilder response = Response.status(answer.statusCode()).entity(answer.body())
                    .type(answer.headers().firstValue("Content-Type").orElse(MediaType.APPLICATION_JSON));
            for (String header : List.of("Retry-After", SERVED_BY)) {
                answer.headers().firstValue(header).ifPresent(value -> response.header(header, value));
            }
            return response.build();
        } catch (HttpTimeoutException e) {
            throw QueryUnavailableException.timeout("The instance at " + owner.address() + " that holds " + what
                    + " did not answer within " + TIMEOUT_SECONDS + " s");
        } catch (IOException e) {
            throw QueryUnavailableException.retry("The instance at " + owner.address() + " that holds " + what
                    + " cannot be reached (" + e + "); it may be restarting");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw QueryUnavailableException.retry("Interrupted while asking " + owner.address() + " for " + what);
        }
    }

    /**
     * Asks every other instance of the group for {@code pathAndQuery} at once and reads the 200 answers as
     * {@code type}; an instance that fails, answers otherwise or not within the timeout is left out and named in
     * {@link PeerAnswers#failures()}.
     *
     * @throws QueryUnavailableException while Kafka Streams does not know the group's instances
     */
    public <T> PeerAnswers<T> askOthers(String pathAndQuery, Class<T> type) {
        List<HostInfo> others;
        try {
            others = streams.metadataForAllStreamsClients().stream().map(StreamsMetadata::hostInfo)
                    .filter(host -> !host.equals(self) && !host.equals(HostInfo.unavailable())).distinct().toList();
        } catch (IllegalStateException notRunning) {
            throw notKnown(notRunning.getMessage());
        }
        Map<HostInfo, CompletableFuture<HttpResponse<String>>> pending = new LinkedHashMap<>();
        for (HostInfo host : others) {
            pending.put(host, http.sendAsync(get(URI.create("http://" + Owner.address(host) + pathAndQuery)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        List<T> answers = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        pending.forEach((host, response) -> {
            String address = Owner.address(host);
            try {
                HttpResponse<String> answer = response.join();
                if (answer.statusCode() == 200) {
                    answers.add(json.readValue(answer.body(), type));
                } else {
                    failures.add(address + " answered " + answer.statusCode());
                }
            } catch (CompletionException e) {
                failures.add(address + (e.getCause() instanceof HttpTimeoutException
                        ? " did not answer within " + TIMEOUT_SECONDS + " s"
                        : " cannot be reached (" + e.getCause() + ")"));
            } catch (JsonProcessingException e) {
                failures.add(address + " answered something unreadable (" + e.getOriginalMessage() + ")");
            }
        });
        if (!failures.isEmpty()) {
            LOG.debugf("Asked the other instances for %s: %s", pathAndQuery, failures);
        }
        return new PeerAnswers<>(answers, failures);
    }

    private static HttpRequest.Builder get(URI target) {
        return HttpRequest.newBuilder(target).timeout(TIMEOUT).header("Accept", MediaType.APPLICATION_JSON).GET();
    }
}

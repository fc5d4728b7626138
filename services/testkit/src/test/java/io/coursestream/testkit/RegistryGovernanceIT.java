// Tier: IT (the real Apicurio registry of the shared test environment enforces the catalogue's rules)
package io.coursestream.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.coursestream.schemas.registry.RegistryRules;

/** Schemas evolve BACKWARD compatibly: the registry itself refuses a version that cannot read older data. */
@CoursestreamIT
class RegistryGovernanceIT {

    private static final String V1 = """
            {"type":"record","name":"Probe","namespace":"io.coursestream.probe","fields":[
              {"name":"id","type":"string"}]}""";
    private static final String V2_OPTIONAL_FIELD = """
            {"type":"record","name":"Probe","namespace":"io.coursestream.probe","fields":[
              {"name":"id","type":"string"},{"name":"note","type":["null","string"],"default":null}]}""";
    private static final String V3_REQUIRED_FIELD = """
            {"type":"record","name":"Probe","namespace":"io.coursestream.probe","fields":[
              {"name":"id","type":"string"},{"name":"amountMinor","type":"long"}]}""";

    private final HttpClient http = HttpClient.newHttpClient();
    private final TestEnvironment env;

    RegistryGovernanceIT(TestEnvironment env) {
        this.env = env;
    }

    @Test
    void shouldRunWithBackwardCompatibilityAsTheGlobalRule() {
        String rule = new RegistryRules(env.registryUrl()).globalRule("COMPATIBILITY");

        assertThat(rule).contains("\"config\":\"BACKWARD\"");
    }

    @Test
    void shouldAcceptAnOptionalFieldAndRefuseANewRequiredOne() throws Exception {
        String artifact = "Probe-" + UUID.randomUUID();
        assertThat(post("/groups/io.coursestream.probe/artifacts", """
                {"artifactId":"%s","artifactType":"AVRO","firstVersion":{"content":{"content":%s,"contentType":"application/json"}}}"""
                .formatted(artifact, quote(V1))).statusCode()).isEqualTo(200);

        HttpResponse<String> compatible = post("/groups/io.coursestream.probe/artifacts/" + artifact + "/versions",
                version(V2_OPTIONAL_FIELD));
        HttpResponse<String> incompatible = post("/groups/io.coursestream.probe/artifacts/" + artifact + "/versions",
                version(V3_REQUIRED_FIELD));

        assertThat(compatible.statusCode()).as(compatible.body()).isEqualTo(200);
        assertThat(incompatible.statusCode()).as(incompatible.body()).isEqualTo(409);
        assertThat(incompatible.body()).containsIgnoringCase("compatib");
    }

    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(env.registryUrl() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String version(String schema) {
        return "{\"content\":{\"content\":" + quote(schema) + ",\"contentType\":\"application/json\"}}";
    }

    private static String quote(String json) {
        return "\"" + json.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}

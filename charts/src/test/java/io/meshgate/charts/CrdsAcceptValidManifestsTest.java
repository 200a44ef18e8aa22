package io.meshgate.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.resources.KindRegistry;
import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceCodec;
import io.meshgate.resources.ResourceParseException;
import io.meshgate.resources.ResourceValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The cluster must never refuse what Meshgate accepts: every custom object of FSM's demos (the seed
 * manifests of gateway/resources and the manifests under examples/) that Meshgate's validator
 * accepts also passes the generated CRD's schema. Objects the validator refuses are left out (the
 * webhook refuses those with the field path).
 */
class CrdsAcceptValidManifestsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SEED = Path.of("../gateway/resources/src/test/resources/seed");
    private static final Path EXAMPLES = Path.of("../examples");

    @Test
    void everyValidDemoObjectPassesItsCrdSchema() throws IOException {
        Map<String, JsonNode> schemas = schemasByApiVersionAndKind();
        ResourceCodec codec = new ResourceCodec();
        ResourceValidator validator = new ResourceValidator(KindRegistry.standard());
        List<String> problems = new ArrayList<>();
        Set<String> kindsSeen = new TreeSet<>();
        int checked = 0;
        for (Map.Entry<String, String> input : inputs().entrySet()) {
            List<Resource> resources;
            try {
                resources = codec.parseYaml(input.getValue());
            } catch (ResourceParseException e) {
                continue; // shell variables and other text kubectl never sees as it is
            }
            for (Resource parsed : resources) {
                Resource resource = parsed.withDefaultNamespace("default"); // kubectl apply -n
                JsonNode schema = schemas.get(resource.apiVersion() + " " + resource.kind());
                if (schema == null || !validator.validate(resource).isEmpty()) {
                    continue;
                }
                ObjectNode object = JSON.readValue(codec.toJson(resource), ObjectNode.class);
                object.remove("metadata"); // the API server checks metadata itself, not through the CRD schema
                OpenApiCheck.check(schema, object, input.getKey() + ": " + resource.kind() + " " + resource.name(),
                        problems);
                kindsSeen.add(resource.kind());
                checked++;
            }
        }
        assertThat(problems).isEmpty();
        assertThat(checked).as("objects checked").isGreaterThan(50);
        assertThat(kindsSeen).contains("IngressBackend", "Egress", "TrafficSplit", "HTTPRouteGroup", "TrafficTarget",
                "AccessControl", "AccessCert", "UpstreamTrafficSetting", "Retry", "Plugin", "PluginChain", "PluginConfig",
                "TCPRoute", "EgressGateway", "ServiceExport");
    }

    @Test
    void theCheckRefusesWhatTheSchemaForbids() throws IOException {
        JsonNode schema = schemasByApiVersionAndKind().get("policy.flomesh.io/v1alpha1 IngressBackend");
        List<String> problems = new ArrayList<>();
        OpenApiCheck.check(schema, JSON.readTree("""
                {"apiVersion":"policy.flomesh.io/v1alpha1","kind":"IngressBackend","metadata":{"name":"x"},
                 "spec":{"backends":[{"name":"b","port":{"number":70000,"protocol":"http"}}],"sources":[],"extra":1}}
                """), "x", problems);
        assertThat(problems).anyMatch(p -> p.contains("70000")).anyMatch(p -> p.contains("spec.extra: unknown field"))
                .anyMatch(p -> p.contains("spec.sources: 0 items"));
    }

    private static Map<String, JsonNode> schemasByApiVersionAndKind() throws IOException {
        Map<String, JsonNode> schemas = new HashMap<>();
        for (String text : CrdFiles.render().entrySet().stream().filter(e -> e.getKey().startsWith("crds/"))
                .map(Map.Entry::getValue).toList()) {
            JsonNode crd = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(text);
            JsonNode spec = crd.get("spec");
            for (JsonNode version : spec.get("versions")) {
                schemas.put(spec.get("group").asText() + "/" + version.get("name").asText() + " "
                        + spec.get("names").get("kind").asText(), version.get("schema").get("openAPIV3Schema"));
            }
        }
        return schemas;
    }

    /** Each seed apply block and each examples/ YAML file, by where it comes from. */
    private static Map<String, String> inputs() throws IOException {
        Map<String, String> inputs = new java.util.LinkedHashMap<>();
        try (Stream<Path> files = Files.list(SEED)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                String[] blocks = Files.readString(file).split("(?m)^#@ apply .*$");
                for (int i = 0; i < blocks.length; i++) {
                    inputs.put(file.getFileName() + " block " + i, blocks[i]);
                }
            }
        }
        try (Stream<Path> files = Files.walk(EXAMPLES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                inputs.put(EXAMPLES.relativize(file).toString(), Files.readString(file));
            }
        }
        return inputs;
    }
}

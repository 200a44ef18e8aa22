package io.meshgate.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.meshgate.resources.KindInfo;
import io.meshgate.resources.KindRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The checked-in CRDs are valid apiextensions.k8s.io/v1 objects (read with fabric8's typed model) with
 * structural schemas (every node typed, or int-or-string, or keeping unknown fields, as the API
 * server demands), one per custom kind and group of the resource model.
 */
class CrdValidityTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyCustomKindHasAValidStructuralCrd() throws IOException {
        List<CustomResourceDefinition> crds = new ArrayList<>();
        try (Stream<Path> files = Files.list(Rendered.CHART.resolve("crds"))) {
            for (Path file : files.sorted().toList()) {
                crds.add(Rendered.serialization().unmarshal(Files.readString(file), CustomResourceDefinition.class));
            }
        }
        for (KindInfo info : KindRegistry.standard().kinds()) {
            if (!CrdGenerator.isCustom(info)) {
                continue;
            }
            for (String group : info.groups()) {
                assertThat(crds).as("CRD of %s in %s", info.kind(), group).anySatisfy(crd -> {
                    assertThat(crd.getSpec().getGroup()).isEqualTo(group);
                    assertThat(crd.getSpec().getNames().getKind()).isEqualTo(info.kind());
                    assertThat(crd.getSpec().getScope()).isEqualTo(info.namespaced() ? "Namespaced" : "Cluster");
                    assertThat(crd.getSpec().getVersions()).extracting(CustomResourceDefinitionVersion::getName)
                            .containsExactlyElementsOf(info.versions());
                });
            }
        }
        for (CustomResourceDefinition crd : crds) {
            assertThat(crd.getApiVersion()).isEqualTo("apiextensions.k8s.io/v1");
            assertThat(crd.getMetadata().getName())
                    .isEqualTo(crd.getSpec().getNames().getPlural() + "." + crd.getSpec().getGroup());
            assertThat(crd.getSpec().getVersions()).filteredOn(CustomResourceDefinitionVersion::getStorage).hasSize(1);
            for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
                assertThat(version.getSubresources().getStatus()).isNotNull();
                JsonNode schema = JSON.readTree(Rendered.serialization().asJson(version.getSchema().getOpenAPIV3Schema()));
                assertThat(schema.path("type").asText()).isEqualTo("object");
                List<String> problems = new ArrayList<>();
                structural(schema, crd.getMetadata().getName(), problems);
                assertThat(problems).isEmpty();
            }
        }
    }

    @Test
    void theStructuralCheckCatchesAnUntypedField() throws IOException {
        List<String> problems = new ArrayList<>();
        structural(JSON.readTree("{\"type\":\"object\",\"properties\":{\"a\":{\"minimum\":1}}}"), "x", problems);
        assertThat(problems).containsExactly("x.a: no type");
    }

    /** Kubernetes' structural rule, the part a generator can get wrong: every node says its type. */
    private static void structural(JsonNode node, String path, List<String> problems) {
        boolean open = node.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)
                || node.path("x-kubernetes-int-or-string").asBoolean(false);
        if (!node.has("type") && !open) {
            problems.add(path + ": no type");
        }
        for (String banned : List.of("$ref", "anyOf", "oneOf", "allOf", "not", "default")) {
            if (node.has(banned) && !(banned.equals("anyOf") && node.has("x-kubernetes-int-or-string"))) {
                problems.add(path + ": " + banned + " is not allowed here");
            }
        }
        if (node.has("additionalProperties") && node.has("properties")) {
            problems.add(path + ": properties and additionalProperties together");
        }
        for (Map.Entry<String, JsonNode> field : node.path("properties").properties()) {
            structural(field.getValue(), path + "." + field.getKey(), problems);
        }
        if (node.has("items")) {
            structural(node.get("items"), path + "[]", problems);
        }
        if (node.path("additionalProperties").isObject()) {
            structural(node.get("additionalProperties"), path + "{}", problems);
        }
    }
}

package io.meshgate.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceCodecTest {
    private static final ResourceCodec CODEC = new ResourceCodec();

    private static final String SERVICE = """
            apiVersion: v1
            kind: Service
            metadata:
              name: httpbin
              namespace: httpbin
              labels: {app: httpbin}
            spec:
              ports:
              - port: 14001
            """;

    @Test
    void readsAMultiDocumentStreamSkippingEmptyDocuments() {
        String stream = "---\n---\n# only a comment\n---\n" + SERVICE + "---\n" + SERVICE.replace("httpbin", "curl") + "---\n";

        List<ParsedDocument> documents = CODEC.parseDocuments(stream);

        assertThat(documents).extracting(d -> d.resource().name()).containsExactly("httpbin", "curl");
        // the comment line belongs to the second (empty) document
        assertThat(documents).extracting(ParsedDocument::documentIndex).containsExactly(2, 3);
        assertThat(documents).extracting(ParsedDocument::line).containsExactly(5, 15);
        assertThat(documents.get(0).resource().spec().at("/ports/0/port").asInt()).isEqualTo(14001);
        assertThat(documents.get(0).resource().metadata().labels()).containsEntry("app", "httpbin");
    }

    @Test
    void anEmptyStreamHasNoResources() {
        assertThat(CODEC.parse("")).isEmpty();
        assertThat(CODEC.parse("# nothing\n---\n")).isEmpty();
    }

    @Test
    void readsAJsonListOfResources() {
        String json = """
                {"apiVersion": "v1", "kind": "List", "items": [
                  {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "curl"}},
                  {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "curl", "namespace": "curl"}}
                ]}""";

        List<ParsedDocument> documents = CODEC.parseDocuments(json);

        assertThat(documents).extracting(d -> d.resource().kind()).containsExactly("Namespace", "ServiceAccount");
        assertThat(documents).extracting(ParsedDocument::itemIndex).containsExactly(0, 1);
        assertThat(documents).extracting(ParsedDocument::line).containsExactly(2, 3);
    }

    @Test
    void aTypedListGivesItsItemsTheirKindAndApiVersion() {
        String json = """
                {"apiVersion": "networking.k8s.io/v1", "kind": "IngressList", "items": [
                  {"metadata": {"name": "a", "namespace": "x"}, "spec": {}}]}""";

        Resource ingress = CODEC.parseJson(json).get(0);

        assertThat(ingress.kind()).isEqualTo("Ingress");
        assertThat(ingress.apiVersion()).isEqualTo("networking.k8s.io/v1");
    }

    @Test
    void aYamlListDocumentExpandsToo() {
        String yaml = """
                apiVersion: v1
                kind: List
                items:
                - apiVersion: v1
                  kind: Namespace
                  metadata: {name: a}
                - apiVersion: v1
                  kind: Namespace
                  metadata: {name: b}
                """;

        assertThat(CODEC.parseYaml(yaml)).extracting(Resource::name).containsExactly("a", "b");
    }

    @Test
    void yamlSyntaxErrorsCarryTheDocumentAndLine() {
        String stream = SERVICE + "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: [unclosed\n";

        assertThatThrownBy(() -> CODEC.parse(stream)).isInstanceOfSatisfying(ResourceParseException.class, e -> {
            assertThat(e.documentIndex()).isEqualTo(1);
            assertThat(e.line()).isGreaterThanOrEqualTo(14);
            assertThat(e.getMessage()).startsWith("document 2, line ").contains("invalid YAML");
        });
    }

    @Test
    void jsonSyntaxErrorsCarryTheLine() {
        String json = "{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"Service\" oops\n}";

        assertThatThrownBy(() -> CODEC.parse(json)).isInstanceOfSatisfying(ResourceParseException.class, e -> {
            assertThat(e.line()).isEqualTo(3);
            assertThat(e.column()).isPositive();
            assertThat(e.problem()).startsWith("invalid JSON");
        });
    }

    @Test
    void duplicateKeysAreErrorsInYamlAndJson() {
        assertThatThrownBy(() -> CODEC.parseYaml("apiVersion: v1\nkind: Service\nkind: Secret\n"))
                .isInstanceOfSatisfying(ResourceParseException.class, e -> {
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.problem()).contains("duplicate key \"kind\"");
                });
        assertThatThrownBy(() -> CODEC.parseJson("{\"kind\": \"Service\",\n \"kind\": \"Secret\"}"))
                .isInstanceOfSatisfying(ResourceParseException.class, e -> {
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.problem()).contains("Duplicate field 'kind'");
                });
    }

    @Test
    void structuralErrorsPointAtTheOffendingLine() {
        String yaml = SERVICE.replace("labels: {app: httpbin}", "labels:\n    app: httpbin\n    version: 1");

        assertThatThrownBy(() -> CODEC.parseYaml(yaml)).isInstanceOfSatisfying(ResourceParseException.class, e -> {
            assertThat(e.line()).isEqualTo(8);
            assertThat(e.problem()).isEqualTo("metadata.labels[version] must be a string (quote it in YAML: \"1\")");
        });
        assertThatThrownBy(() -> CODEC.parseYaml("kind: Service\nmetadata: {name: a}\n"))
                .isInstanceOfSatisfying(ResourceParseException.class, e -> {
                    assertThat(e.line()).isEqualTo(1);
                    assertThat(e.problem()).contains("apiVersion is required");
                });
        assertThatThrownBy(() -> CODEC.parseJson("{\"apiVersion\": \"v1\",\n \"kind\": \"Service\",\n \"status\": 5}"))
                .isInstanceOfSatisfying(ResourceParseException.class, e -> {
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.problem()).isEqualTo("status must be an object");
                });
        assertThatThrownBy(() -> CODEC.parseYaml("- a\n- b\n"))
                .isInstanceOfSatisfying(ResourceParseException.class,
                        e -> assertThat(e.problem()).contains("must be an object").contains("not a list"));
    }

    @Test
    void aBillionLaughsAliasBombIsRejected() {
        StringBuilder bomb = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\nlol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int level = 1; level <= 5; level++) {
            bomb.append("lol").append(level).append(": &l").append(level).append(" [");
            for (int i = 0; i < 9; i++) {
                bomb.append(i == 0 ? "" : ", ").append("*l").append(level - 1);
            }
            bomb.append("]\n");
        }

        assertThatThrownBy(() -> CODEC.parseYaml(bomb.toString()))
                .isInstanceOfSatisfying(ResourceParseException.class,
                        e -> assertThat(e.problem()).contains("aliases expand to more than 100000 values"));
    }

    @Test
    void aDoublingAliasBombWithinTheAliasCountIsRejectedByTheExpansionBudget() {
        StringBuilder bomb = new StringBuilder("a0: &a0 [x, x]\n");
        for (int level = 1; level <= 25; level++) {
            bomb.append('a').append(level).append(": &a").append(level)
                    .append(" [*a").append(level - 1).append(", *a").append(level - 1).append("]\n");
        }

        assertThatThrownBy(() -> CODEC.parseYaml(bomb.toString()))
                .isInstanceOfSatisfying(ResourceParseException.class, e -> assertThat(e.problem()).contains("alias"));
    }

    @Test
    void tooManyAliasesAreRejectedWhileParsing() {
        StringBuilder many = new StringBuilder("base: &b {x: 1}\nlist:\n");
        for (int i = 0; i < 60; i++) {
            many.append("- *b\n");
        }

        assertThatThrownBy(() -> CODEC.parseYaml(many.toString()))
                .isInstanceOfSatisfying(ResourceParseException.class,
                        e -> assertThat(e.problem()).contains("Number of aliases for non-scalar nodes exceeds"));
    }

    @Test
    void recursiveAliasesAreRejected() {
        assertThatThrownBy(() -> CODEC.parseYaml("apiVersion: v1\nkind: ConfigMap\nloop: &a [1, *a]\n"))
                .isInstanceOfSatisfying(ResourceParseException.class, e -> {
                    assertThat(e.problem()).contains("recursive YAML alias");
                    assertThat(e.line()).isEqualTo(3);
                });
    }

    @Test
    void customTagsAreRejected() {
        assertThatThrownBy(() -> CODEC.parseYaml("apiVersion: v1\nkind: ConfigMap\ndata: !!python/object:os.system {}\n"))
                .isInstanceOfSatisfying(ResourceParseException.class, e -> {
                    assertThat(e.problem()).contains("tag").contains("python/object:os.system");
                    assertThat(e.line()).isEqualTo(3);
                });
        assertThatThrownBy(() -> CODEC.parseYaml("apiVersion: v1\nkind: ConfigMap\ndata: {a: !custom b}\n"))
                .isInstanceOfSatisfying(ResourceParseException.class,
                        e -> assertThat(e.problem()).contains("YAML tag !custom is not supported"));
        assertThatThrownBy(() -> CODEC.parseYaml("apiVersion: v1\nkind: Secret\ndata: {a: !!binary aGk=}\n"))
                .isInstanceOf(ResourceParseException.class);
    }

    @Test
    void aliasesAndMergeKeysExpandLikeKubectl() {
        String yaml = """
                apiVersion: v1
                kind: Service
                metadata:
                  name: web
                  namespace: default
                  labels: &labels {app: web, tier: front}
                spec:
                  selector: *labels
                  ports:
                  - &port {name: http, port: 80, protocol: TCP}
                  - <<: *port
                    name: alt
                    port: 8080
                """;

        Resource service = CODEC.parseYaml(yaml).get(0);

        assertThat(service.spec().get("selector")).isEqualTo(service.toJson().at("/metadata/labels"));
        JsonNode alt = service.spec().at("/ports/1");
        assertThat(alt.get("name").asText()).isEqualTo("alt");
        assertThat(alt.get("port").asInt()).isEqualTo(8080);
        assertThat(alt.get("protocol").asText()).isEqualTo("TCP");
        assertThat(ResourceValidator.standard().validate(service)).isEmpty();
    }

    @Test
    void scalarsFollowYaml11AsKubernetesReadsThem() {
        String yaml = """
                apiVersion: v1
                kind: ConfigMap
                values:
                  on: on
                  octal: 0755
                  hex: 0x1F
                  big: 123456789012
                  float: 0.10
                  time: 2030-1-1 00:00:00
                  sexagesimal: 1:20
                  tilde: ~
                  infinity: .inf
                  quoted: "on"
                """;

        JsonNode values = CODEC.parseYaml(yaml).get(0).field("values");

        assertThat(values.get("on").isBoolean()).isTrue();
        assertThat(values.get("octal").asInt()).isEqualTo(493);
        assertThat(values.get("hex").asInt()).isEqualTo(31);
        assertThat(values.get("big").asLong()).isEqualTo(123456789012L);
        assertThat(values.get("float").asDouble()).isEqualTo(0.1);
        assertThat(values.get("time").asText()).isEqualTo("2030-1-1 00:00:00");
        assertThat(values.get("sexagesimal").asText()).isEqualTo("1:20");
        assertThat(values.get("tilde").isNull()).isTrue();
        assertThat(values.get("infinity").asText()).isEqualTo(".inf");
        assertThat(values.get("quoted").asText()).isEqualTo("on");
    }

    @Test
    void everySeedManifestRoundTripsThroughYamlAndJson() {
        int count = 0;
        for (SeedFiles.Apply apply : SeedFiles.all()) {
            for (Resource resource : CODEC.parseYaml(apply.expanded())) {
                assertThat(CODEC.parseYaml(CODEC.toYaml(resource))).as("YAML of %s", resource).containsExactly(resource);
                assertThat(CODEC.parseJson(CODEC.toJson(resource))).as("JSON of %s", resource).containsExactly(resource);
                count++;
            }
        }
        assertThat(count).isGreaterThan(130);
    }

    @Test
    void stringsThatLookLikeOtherTypesSurviveTheRoundTrip() {
        Resource configMap = CODEC.parseJson("""
                {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "tricky", "namespace": "x",
                 "annotations": {"a": "on", "b": "0755", "c": "1:20", "d": "~", "e": ".inf", "f": "2030-1-1 00:00:00",
                   "g": "", "h": " lead", "i": "a: b", "j": "# c", "k": "*x", "l": "&y", "m": "!z", "n": "null",
                   "o": "1e3", "p": "line1\\nline2\\n", "q": "trail  ", "r": "@at", "s": "`tick", "t": "- dash", "u": "yes"}},
                 "data": {"prometheus.yml": "global:\\n  scrape_interval: 15s\\n\\nscrape_configs: []\\n"}}""").get(0);

        assertThat(CODEC.parseYaml(CODEC.toYaml(configMap))).containsExactly(configMap);
    }

    @Test
    void severalResourcesWriteAsOneStream() {
        List<Resource> resources = CODEC.parseYaml(SERVICE + "---\n" + SERVICE.replace("httpbin", "curl"));

        String stream = CODEC.toYaml(resources);

        assertThat(stream).contains("\n---\n").doesNotStartWith("---");
        assertThat(CODEC.parseYaml(stream)).isEqualTo(resources);
    }

    @Test
    void documentSizeDepthAndCountAreLimited() {
        ResourceCodec small = new ResourceCodec(new CodecLimits(2_000, 8, 5, 100, 3));
        String big = "apiVersion: v1\nkind: ConfigMap\ndata: {a: \"" + "x".repeat(3_000) + "\"}\n";
        assertThatThrownBy(() -> small.parseYaml(big)).isInstanceOfSatisfying(ResourceParseException.class,
                e -> assertThat(e.problem()).contains("exceeds the limit"));
        assertThatThrownBy(() -> small.parseJson("{\"data\": \"" + "x".repeat(3_000) + "\"}"))
                .isInstanceOf(ResourceParseException.class);

        String deep = "apiVersion: v1\nkind: ConfigMap\ndata: " + "[".repeat(20) + "]".repeat(20) + "\n";
        assertThatThrownBy(() -> small.parseYaml(deep)).isInstanceOf(ResourceParseException.class);
        assertThatThrownBy(() -> small.parseJson("{\"data\": " + "[".repeat(20) + "]".repeat(20) + "}"))
                .isInstanceOfSatisfying(ResourceParseException.class, e -> assertThat(e.problem()).contains("depth"));

        String four = "a: 1\n---\nb: 1\n---\nc: 1\n---\nd: 1\n";
        assertThatThrownBy(() -> small.parseYaml(four)).isInstanceOfSatisfying(ResourceParseException.class, e -> {
            assertThat(e.documentIndex()).isEqualTo(3);
            assertThat(e.problem()).contains("more than 3 documents");
        });
    }

    @Test
    void aliasExpansionCannotBuildDeeperTreesThanTheLimit() {
        ResourceCodec shallow = new ResourceCodec(new CodecLimits(100_000, 6, 50, 100_000, 10));
        String yaml = "a: &a [[[[1]]]]\nb: [[[*a]]]\n";

        assertThatThrownBy(() -> shallow.parseYaml(yaml)).isInstanceOfSatisfying(ResourceParseException.class,
                e -> assertThat(e.problem()).contains("nesting deeper than 6 levels"));
    }

    @Test
    void validationErrorsCanBeShownAtTheirLineInYamlAndJson() {
        String yaml = """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata:
                  name: web
                  namespace: default
                  annotations:
                    pipy.ingress.kubernetes.io/lb-type: random
                spec:
                  rules:
                  - host: example.com
                    http:
                      paths:
                      - path: /
                        pathType: Regex
                        backend:
                          service: {name: web, port: {number: 80}}
                """;
        ParsedDocument document = CODEC.parseDocuments(yaml).get(0);
        List<FieldError> errors = ResourceValidator.standard().validate(document.resource());

        assertThat(errors).extracting(FieldError::field).containsExactlyInAnyOrder(
                "spec.rules[0].http.paths[0].pathType", "metadata.annotations[pipy.ingress.kubernetes.io/lb-type]");
        assertThat(document.lineOf("spec.rules[0].http.paths[0].pathType")).isEqualTo(14);
        assertThat(document.lineOf("metadata.annotations[pipy.ingress.kubernetes.io/lb-type]")).isEqualTo(7);
        assertThat(document.lineOf("spec.rules[0].http.paths[0].backend.service.port.name")).isEqualTo(16);
        assertThat(document.lineOf("spec.tls")).isEqualTo(8);

        String json = CODEC.toJson(document.resource());
        ParsedDocument fromJson = CODEC.parseDocuments(json).get(0);
        int line = fromJson.lineOf("spec.rules[0].http.paths[0].pathType");
        assertThat(json.split("\n")[line - 1]).contains("\"pathType\": \"Regex\"");
    }

    @Test
    void fromJsonReadsATreeAndReportsProblemsWithoutALine() {
        Resource service = CODEC.parseYaml(SERVICE).get(0);

        assertThat(CODEC.fromJson(service.toJson())).isEqualTo(service);
        assertThatThrownBy(() -> CODEC.fromJson(service.toJson().put("kind", 3)))
                .isInstanceOfSatisfying(ResourceParseException.class, e -> {
                    assertThat(e.line()).isZero();
                    assertThat(e.problem()).contains("kind must be a non-empty string");
                });
    }

    @Test
    void metadataTimestampsAndServerFieldsRoundTrip() {
        String yaml = """
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: curl
                  uid: 6f1c
                  resourceVersion: "42"
                  generation: 3
                  creationTimestamp: 2024-01-31T12:00:00+01:00
                  managedFields: [{manager: kubectl}]
                """;

        Resource namespace = CODEC.parseYaml(yaml).get(0);

        assertThat(namespace.metadata().creationTimestamp()).hasToString("2024-01-31T11:00:00Z");
        assertThat(namespace.metadata().generation()).isEqualTo(3L);
        assertThat(namespace.metadata().resourceVersion()).isEqualTo("42");
        assertThat(CODEC.toYaml(namespace)).contains("creationTimestamp: 2024-01-31T11:00:00Z").doesNotContain("managedFields");
        assertThat(CODEC.parseYaml(CODEC.toYaml(namespace))).containsExactly(namespace);
    }

    @Test
    void aByteOrderMarkIsIgnored() {
        assertThat(CODEC.parse("\uFEFF" + SERVICE)).extracting(Resource::name).containsExactly("httpbin");
        assertThat(CODEC.parse("\uFEFF{\"apiVersion\": \"v1\", \"kind\": \"Namespace\", \"metadata\": {\"name\": \"a\"}}"))
                .extracting(Resource::name).containsExactly("a");
    }

    @Test
    void jsonIsRecognisedByItsFirstCharacter() {
        assertThat(ResourceCodec.looksLikeJson("  \n {\"a\": 1}")).isTrue();
        assertThat(ResourceCodec.looksLikeJson("a: {b: 1}")).isFalse();
        assertThat(ResourceCodec.looksLikeJson("")).isFalse();
    }
}

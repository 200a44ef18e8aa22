package io.meshgate.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The memo never changes a translation: across a long sequence of single changes (every golden case's
 * objects deleted, restored, replaced by an equal copy and changed in a way the translator notices, an
 * Ingress added and removed, then the next case on the same memo), a translation with the memo carried
 * from the step before equals a cold one of the same inputs, config and statuses alike. Unchanged
 * objects stay the same instances from step to step, as the reconciler's snapshot keeps them, so the
 * memo is actually used (checked: most Ingresses are taken from it).
 */
class IncrementalTranslationTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final IngressSettings SETTINGS =
            new IngressSettings("0.0.0.0", 8000, 8443, List.of("allowed.example.org"));
    private static final ResourceCodec CODEC = new ResourceCodec();

    private final IngressTranslationMemo memo = new IngressTranslationMemo();
    private int steps;
    private int statusOnlyKept;

    @Test
    void warmTranslationsEqualColdOnesAcrossSingleChanges() throws IOException {
        List<String> cases;
        try (Stream<Path> dirs = Files.list(GOLDEN)) {
            cases = dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList();
        }
        for (String name : cases) {
            List<Resource> world = new ArrayList<>(load(name));
            check(name + ": as recorded", world);
            for (int i = 0; i < world.size(); i++) {
                Resource original = world.get(i);
                String what = name + ": " + original.kind() + " " + original.namespace() + "/" + original.name();
                world.remove(i);
                check(what + " deleted", world);
                world.add(i, original);
                check(what + " restored", world);
                world.set(i, touched(original));
                check(what + " replaced by an equal copy", world);
                if (original.kind().equals("Ingress")) {
                    PreparedIngress before = memo.preparedFor(original.key());
                    world.set(i, edited(original, json -> {
                        json.set("status", com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                                .put("note", "written by a status sink"));
                        ((ObjectNode) json.path("metadata")).put("resourceVersion", "999999");
                        return json;
                    }));
                    check(what + " with a status written", world);
                    if (before != null) {
                        assertThat(memo.preparedFor(original.key())).as(what + ": a status-only change keeps the preparation")
                                .isSameAs(before);
                    }
                    statusOnlyKept += before != null ? 1 : 0;
                }
                for (Map.Entry<String, UnaryOperator<ObjectNode>> change : changes(original.kind()).entrySet()) {
                    world.set(i, edited(original, change.getValue()));
                    check(what + " " + change.getKey(), world);
                }
                world.set(i, original);
                check(what + " back", world);
                if (original.kind().equals("Ingress")) {
                    world.add(edited(original, json -> {
                        ((ObjectNode) json.path("metadata")).put("name", original.name() + "-later");
                        ((ObjectNode) json.path("metadata")).put("creationTimestamp", "2030-01-01T00:00:00Z");
                        return json;
                    }));
                    check(what + " copied as a later Ingress", world);
                    world.removeLast();
                    check(what + " copy removed", world);
                }
            }
        }
        assertThat(steps).isGreaterThan(500);
        assertThat(memo.reused()).as("Ingresses taken from the memo").isGreaterThan(steps);
        assertThat(statusOnlyKept).as("status-only changes of a prepared Ingress").isGreaterThan(10);
    }

    /** The translation with the memo carried over equals a cold one. */
    private void check(String step, List<Resource> world) {
        steps++;
        IngressInputs inputs = IngressInputs.from(world);
        assertThat(render(() -> IngressTranslator.translate(inputs, SETTINGS, memo)))
                .as(step).isEqualTo(render(() -> IngressTranslator.translate(inputs, SETTINGS)));
    }

    private static String render(java.util.function.Supplier<IngressTranslation> translate) {
        try {
            IngressTranslation translation = translate.get();
            return GoldenFiles.config(translation) + "\n" + GoldenFiles.statuses(translation);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (RuntimeException e) {
            return "failed: " + e;
        }
    }

    /** Changes of each kind the translator reads that alter what it produces. */
    private static Map<String, UnaryOperator<ObjectNode>> changes(String kind) {
        Map<String, UnaryOperator<ObjectNode>> changes = new LinkedHashMap<>();
        switch (kind) {
            case "Ingress" -> {
                changes.put("with its first host renamed", json -> {
                    JsonNode rule = json.path("spec").path("rules").path(0);
                    if (rule instanceof ObjectNode r) {
                        r.put("host", "renamed.example.org");
                    }
                    return json;
                });
                changes.put("with ssl-redirect off and session-sticky on", json -> {
                    annotations(json).put("meshgate.io/ssl-redirect", "false")
                            .put("pipy.ingress.kubernetes.io/session-sticky", "true");
                    return json;
                });
                changes.put("with an invalid annotation", json -> {
                    annotations(json).put("pipy.ingress.kubernetes.io/lb-type", "nonsense");
                    return json;
                });
                changes.put("of another class", json -> {
                    ((ObjectNode) json.path("spec")).put("ingressClassName", "nginx");
                    return json;
                });
            }
            case "Service" -> changes.put("with its ports renumbered", json -> {
                json.path("spec").path("ports").forEach(p -> ((ObjectNode) p).put("port", p.path("port").asInt() + 1));
                return json;
            });
            case "Endpoints" -> {
                changes.put("with other addresses", json -> {
                    json.path("subsets").forEach(s -> s.path("addresses")
                            .forEach(a -> ((ObjectNode) a).put("ip", "10.99.0.7")));
                    return json;
                });
                changes.put("emptied", json -> {
                    json.putArray("subsets");
                    return json;
                });
            }
            case "Secret" -> {
                changes.put("without its first key", json -> {
                    for (String field : List.of("data", "stringData")) {
                        Iterator<String> names = json.path(field).fieldNames();
                        if (names.hasNext()) {
                            ((ObjectNode) json.path(field)).remove(names.next());
                        }
                    }
                    return json;
                });
                changes.put("consenting to every namespace", json -> {
                    annotations(json).put(SecretConsent.ALLOW_REFERENCE_FROM, "*");
                    return json;
                });
            }
            case "MeshConfig" -> {
                changes.put("with ingress TLS flipped", json -> {
                    ObjectNode tls = ingressTls(json);
                    tls.put("enabled", !tls.path("enabled").asBoolean(false));
                    return json;
                });
                changes.put("with ingress mTLS flipped", json -> {
                    ObjectNode tls = ingressTls(json);
                    tls.put("mTLS", !tls.path("mTLS").asBoolean(false));
                    return json;
                });
                changes.put("with SSL passthrough flipped", json -> {
                    ObjectNode passthrough = ingressTls(json).with("sslPassthrough");
                    passthrough.put("enabled", !passthrough.path("enabled").asBoolean(false));
                    return json;
                });
            }
            case "IngressClass" -> changes.put("with its default flag flipped", json -> {
                ObjectNode annotations = annotations(json);
                boolean isDefault = "true".equals(annotations.path(IngressClassSelector.DEFAULT_CLASS_ANNOTATION).asText());
                annotations.put(IngressClassSelector.DEFAULT_CLASS_ANNOTATION, isDefault ? "false" : "true");
                return json;
            });
            case "TrafficSplit" -> {
                changes.put("with its weights swapped", json -> {
                    JsonNode backends = json.path("spec").path("backends");
                    if (backends.size() > 1) {
                        JsonNode first = backends.get(0).path("weight").deepCopy();
                        ((ObjectNode) backends.get(0)).set("weight", backends.get(1).path("weight"));
                        ((ObjectNode) backends.get(1)).set("weight", first);
                    }
                    return json;
                });
                changes.put("with a backend less", json -> {
                    if (json.path("spec").path("backends") instanceof ArrayNode backends && !backends.isEmpty()) {
                        backends.remove(0);
                    }
                    return json;
                });
            }
            default -> { }
        }
        return changes;
    }

    private static ObjectNode annotations(ObjectNode json) {
        return ((ObjectNode) json.path("metadata")).with("annotations");
    }

    private static ObjectNode ingressTls(ObjectNode json) {
        return ((ObjectNode) json.path("spec")).with("ingress").with("tls");
    }

    /** A new object with the same meaning (an extra label nobody reads). */
    private static Resource touched(Resource resource) {
        return edited(resource, json -> {
            ((ObjectNode) json.path("metadata")).with("labels").put("test.meshgate.io/touched", "yes");
            return json;
        });
    }

    private static Resource edited(Resource resource, UnaryOperator<ObjectNode> edit) {
        return CODEC.fromJson(edit.apply(resource.toJson()));
    }

    private static List<Resource> load(String name) throws IOException {
        return CODEC.parse(Files.readString(GOLDEN.resolve(name).resolve("input.yaml"))).stream()
                .map(r -> r.namespace() == null && !r.kind().equals("IngressClass") ? r.withDefaultNamespace("default") : r)
                .toList();
    }
}

package io.meshgate.charts;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.resources.KindInfo;
import io.meshgate.resources.KindRegistry;
import io.meshgate.resources.schema.ObjectSchema;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The CustomResourceDefinitions of every kind the resource model knows that Kubernetes does not
 * (FSM's policy, config, plugin and multi-cluster kinds, SMI's kinds), built from the
 * {@link KindRegistry} and each kind's own validation schema ({@code Schema#openApi()}), so the
 * chart's CRDs cannot drift from what the REST API and the validating webhook accept.
 *
 * <p>One CRD per API group a kind is accepted under: the multi-cluster kinds are served in
 * {@code multicluster.flomesh.io} (FSM's current CRDs) and {@code flomesh.io} (FSM's demos). The
 * first version listed is the storage version. Every CRD has a status subresource: the control plane
 * writes statuses through it and users' applies cannot overwrite them.
 */
public final class CrdGenerator {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** Groups Kubernetes itself serves: their kinds need no CRD. */
    private static final List<String> BUILT_IN_GROUP_SUFFIXES = List.of(".k8s.io");

    private final KindRegistry registry;

    public CrdGenerator(KindRegistry registry) {
        this.registry = registry;
    }

    /** One CRD per custom kind and group, keyed by its file name {@code <plural>.<group>.yaml}, in table order. */
    public List<Crd> crds() {
        List<Crd> crds = new ArrayList<>();
        for (KindInfo info : registry.kinds()) {
            if (!isCustom(info)) {
                continue;
            }
            ObjectSchema body = info.validator().bodySchema().orElseThrow(() -> new IllegalStateException(
                    "kind " + info.kind() + " has no schema to generate its CRD from"));
            for (String group : info.groups()) {
                crds.add(new Crd(info.plural() + "." + group, crd(info, group, body)));
            }
        }
        return List.copyOf(crds);
    }

    /** A custom kind: not in the core group and not in a group Kubernetes serves itself. */
    static boolean isCustom(KindInfo info) {
        return info.groups().stream().noneMatch(group -> group.isEmpty()
                || BUILT_IN_GROUP_SUFFIXES.stream().anyMatch(group::endsWith));
    }

    private static ObjectNode crd(KindInfo info, String group, ObjectSchema body) {
        ObjectNode crd = JSON.objectNode();
        crd.put("apiVersion", "apiextensions.k8s.io/v1");
        crd.put("kind", "CustomResourceDefinition");
        ObjectNode metadata = crd.putObject("metadata");
        metadata.put("name", info.plural() + "." + group);
        metadata.putObject("labels").put("app.kubernetes.io/part-of", "meshgate");
        ObjectNode spec = crd.putObject("spec");
        spec.put("group", group);
        ObjectNode names = spec.putObject("names");
        names.put("kind", info.kind());
        names.put("listKind", info.kind() + "List");
        names.put("plural", info.plural());
        names.put("singular", info.kind().toLowerCase(Locale.ROOT));
        spec.put("scope", info.namespaced() ? "Namespaced" : "Cluster");
        var versions = spec.putArray("versions");
        boolean storage = true;
        for (String version : info.versions()) {
            ObjectNode entry = versions.addObject();
            entry.put("name", version);
            entry.put("served", true);
            entry.put("storage", storage);
            storage = false;
            entry.putObject("schema").set("openAPIV3Schema", rootSchema(body));
            entry.putObject("subresources").putObject("status");
        }
        return crd;
    }

    /** The object's schema: the envelope (apiVersion, kind, metadata, status) plus the kind's body fields. */
    static ObjectNode rootSchema(ObjectSchema body) {
        ObjectNode fromBody = body.openApi();
        ObjectNode root = JSON.objectNode().put("type", "object");
        ObjectNode properties = root.putObject("properties");
        properties.putObject("apiVersion").put("type", "string");
        properties.putObject("kind").put("type", "string");
        properties.putObject("metadata").put("type", "object");
        if (fromBody.has("properties")) {
            for (Iterator<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> fields =
                         fromBody.get("properties").fields(); fields.hasNext(); ) {
                var field = fields.next();
                properties.set(field.getKey(), field.getValue());
            }
        }
        // statuses are the control plane's to write; their shape varies by kind and version
        properties.putObject("status").put("type", "object").put("x-kubernetes-preserve-unknown-fields", true);
        if (fromBody.has("required")) {
            root.set("required", fromBody.get("required"));
        }
        return root;
    }

    /**
     * One generated CRD.
     *
     * @param name     {@code <plural>.<group>}, also its file name without {@code .yaml}
     * @param manifest the CustomResourceDefinition as a JSON tree
     */
    public record Crd(String name, ObjectNode manifest) {}
}

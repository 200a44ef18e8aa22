package io.meshgate.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hides credentials before a resource reaches an audit row, a log or any output that must not show
 * keys: every value of a Secret's {@code data} and {@code stringData}, a Cluster's kubeconfig, the
 * MeshConfig's remote-logging authorization header, and kubectl's
 * {@code last-applied-configuration} annotation of those kinds (it holds a full copy of the
 * object). Keys stay visible so a diff still shows which entry changed.
 */
public final class SecretRedactor {
    /** What every hidden value becomes. */
    public static final String REDACTED = "[redacted]";

    static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    private SecretRedactor() {}

    /** The resource with its credentials replaced by {@value #REDACTED}; other kinds unchanged. */
    public static Resource redact(Resource resource) {
        return switch (resource.kind()) {
            case "Secret" -> {
                ObjectNode body = resource.body();
                redactValues(body.get("data"));
                redactValues(body.get("stringData"));
                yield withoutLastApplied(resource.withBody(body));
            }
            case "Cluster" -> withoutLastApplied(redactPath(resource, "kubeconfig"));
            case "MeshConfig" -> withoutLastApplied(redactPath(resource, "observability", "remoteLogging", "authorization"));
            default -> resource;
        };
    }

    private static void redactValues(JsonNode map) {
        if (map instanceof ObjectNode object) {
            for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
                object.put(it.next(), REDACTED);
            }
        }
    }

    /** Replaces the string at {@code spec.<path>} when present. */
    private static Resource redactPath(Resource resource, String... path) {
        ObjectNode spec = resource.spec();
        JsonNode node = spec;
        for (int i = 0; i < path.length - 1; i++) {
            node = node.path(path[i]);
        }
        String last = path[path.length - 1];
        if (node instanceof ObjectNode parent && parent.has(last) && !parent.get(last).isNull()) {
            parent.put(last, REDACTED);
            return resource.withSpec(spec);
        }
        return resource;
    }

    private static Resource withoutLastApplied(Resource resource) {
        Map<String, String> annotations = resource.metadata().annotations();
        if (!annotations.containsKey(LAST_APPLIED)) {
            return resource;
        }
        Map<String, String> copy = new LinkedHashMap<>(annotations);
        copy.put(LAST_APPLIED, REDACTED);
        return resource.withMetadata(resource.metadata().withAnnotations(copy));
    }
}

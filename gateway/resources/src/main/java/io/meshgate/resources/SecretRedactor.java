package io.meshgate.resources;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Hides credentials before a resource reaches a viewer, an audit row, a log or any output that
 * must not show keys: every field {@link SensitiveFields} lists for the kind (a Secret's
 * {@code data} and {@code stringData} values, a Cluster's kubeconfig, the MeshConfig's remote-logging
 * authorization header, and kubectl's last-applied annotation, a full copy of such an object).
 * Member names stay visible so a diff still shows which entry changed.
 */
public final class SecretRedactor {
    /** What every hidden value becomes. */
    public static final String REDACTED = "[redacted]";

    private static final ResourceCodec CODEC = new ResourceCodec();

    private SecretRedactor() {}

    /** The resource with its credentials replaced by {@value #REDACTED}; the same instance when it has none. */
    public static Resource redact(Resource resource) {
        if (!SensitiveFields.has(resource.kind())) {
            return resource;
        }
        ObjectNode object = resource.toJson();
        return redactInPlace(resource.kind(), object) ? CODEC.fromJson(object) : resource;
    }

    /**
     * Replaces each credential of {@code object} (a whole object's JSON of {@code kind}) by
     * {@value #REDACTED}.
     *
     * @return whether anything was replaced
     */
    public static boolean redactInPlace(String kind, ObjectNode object) {
        List<SensitiveField> fields = SensitiveFields.in(kind, object);
        for (SensitiveField field : fields) {
            field.set(object, JsonNodeFactory.instance.textNode(REDACTED));
        }
        return !fields.isEmpty();
    }

    /** Whether a value is the placeholder this class writes. */
    public static boolean isRedacted(com.fasterxml.jackson.databind.JsonNode value) {
        return value != null && value.isTextual() && REDACTED.equals(value.textValue());
    }
}

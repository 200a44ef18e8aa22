package io.meshgate.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One Kubernetes-shaped object of any kind Meshgate serves: {@code apiVersion}, {@code kind},
 * {@link ObjectMeta metadata}, an optional {@code status}, and the {@linkplain #body() body}: every
 * other top-level field. Most kinds have just {@code spec} in their body; Secrets have
 * {@code type}/{@code data}/{@code stringData}, Endpoints {@code subsets}, ConfigMaps {@code data}.
 *
 * <p>Immutable. JSON trees are deep-copied on the way in and on the way out, so no caller can change
 * a resource another component holds (the store, a snapshot, a translator). {@link #toString()}
 * names the object only; it never prints contents, which may be secret.
 */
public final class Resource {
    /** Top-level fields that are not part of the body. */
    static final Set<String> RESERVED = Set.of("apiVersion", "kind", "metadata", "status");

    private final String apiVersion;
    private final String kind;
    private final ObjectMeta metadata;
    private final ObjectNode body;
    private final ObjectNode status;

    private Resource(String apiVersion, String kind, ObjectMeta metadata, ObjectNode body, ObjectNode status) {
        this.apiVersion = requireText(apiVersion, "apiVersion");
        this.kind = requireText(kind, "kind");
        this.metadata = Objects.requireNonNull(metadata, "metadata");
        this.body = body == null ? JsonNodeFactory.instance.objectNode() : body.deepCopy();
        for (Iterator<String> it = this.body.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (RESERVED.contains(field)) {
                throw new IllegalArgumentException("body must not contain the top-level field '" + field + "'");
            }
        }
        this.status = status == null ? null : status.deepCopy();
    }

    /**
     * Creates a resource.
     *
     * @param body   top-level fields other than apiVersion, kind, metadata and status (copied); null = none
     * @param status the status object (copied), or null when the object has none
     */
    public static Resource of(String apiVersion, String kind, ObjectMeta metadata, ObjectNode body, ObjectNode status) {
        return new Resource(apiVersion, kind, metadata, body, status);
    }

    /** Creates a resource whose body is just {@code spec}. */
    public static Resource withSpec(String apiVersion, String kind, ObjectMeta metadata, ObjectNode spec) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        if (spec != null) {
            body.set("spec", spec.deepCopy());
        }
        return new Resource(apiVersion, kind, metadata, body, null);
    }

    public String apiVersion() {
        return apiVersion;
    }

    public String kind() {
        return kind;
    }

    public ObjectMeta metadata() {
        return metadata;
    }

    /** {@code metadata.name}, possibly null in an object that has not been validated. */
    public String name() {
        return metadata.name();
    }

    /** {@code metadata.namespace}, null for cluster-scoped kinds. */
    public String namespace() {
        return metadata.namespace();
    }

    /**
     * The identity of this object.
     *
     * @throws IllegalStateException when {@code metadata.name} is missing
     */
    public ResourceKey key() {
        if (metadata.name() == null || metadata.name().isEmpty()) {
            throw new IllegalStateException(kind + " has no metadata.name");
        }
        return new ResourceKey(kind, metadata.namespace(), metadata.name());
    }

    /** A copy of {@code spec}; an empty object when there is none (validation rejects a non-object spec). */
    public ObjectNode spec() {
        JsonNode spec = body.get("spec");
        return spec instanceof ObjectNode object ? object.deepCopy() : JsonNodeFactory.instance.objectNode();
    }

    /** True when the object carries a status. */
    public boolean hasStatus() {
        return status != null;
    }

    /** A copy of {@code status}; an empty object when there is none. */
    public ObjectNode status() {
        return status == null ? JsonNodeFactory.instance.objectNode() : status.deepCopy();
    }

    /** A copy of every top-level field other than apiVersion, kind, metadata and status. */
    public ObjectNode body() {
        return body.deepCopy();
    }

    /**
     * A copy of one top-level field, as it appears in the object's JSON ({@code "spec"},
     * {@code "data"}, {@code "status"}, {@code "kind"} ...); {@link MissingNode} when absent.
     */
    public JsonNode field(String name) {
        return switch (name) {
            case "apiVersion" -> TextNode.valueOf(apiVersion);
            case "kind" -> TextNode.valueOf(kind);
            case "metadata" -> ResourceTrees.metadataToTree(metadata);
            case "status" -> status == null ? MissingNode.getInstance() : status.deepCopy();
            default -> body.has(name) ? body.get(name).deepCopy() : MissingNode.getInstance();
        };
    }

    /** The whole object as JSON (a fresh tree; fields in Kubernetes order). */
    public ObjectNode toJson() {
        return ResourceTrees.toTree(this);
    }

    public Resource withMetadata(ObjectMeta value) {
        return new Resource(apiVersion, kind, value, body, status);
    }

    /** A copy with another status; null removes the status. */
    public Resource withStatus(ObjectNode value) {
        return new Resource(apiVersion, kind, metadata, body, value);
    }

    public Resource withBody(ObjectNode value) {
        return new Resource(apiVersion, kind, metadata, value, status);
    }

    /** A copy whose {@code spec} is replaced (null removes it); other body fields stay. */
    public Resource withSpec(ObjectNode spec) {
        ObjectNode copy = body.deepCopy();
        if (spec == null) {
            copy.remove("spec");
        } else {
            copy.set("spec", spec.deepCopy());
        }
        return new Resource(apiVersion, kind, metadata, copy, status);
    }

    public Resource withApiVersion(String value) {
        return new Resource(value, kind, metadata, body, status);
    }

    /**
     * This object as the API stores it relative to a request namespace, the way
     * {@code kubectl apply -n} and the Kubernetes API server treat it: a namespaced kind without a
     * namespace gets {@code namespace}; a cluster-scoped kind loses any namespace it was given.
     * Unknown kinds are returned unchanged (validation reports them).
     */
    public Resource withDefaultNamespace(String namespace) {
        Objects.requireNonNull(namespace, "namespace");
        return KindRegistry.standard().byKind(kind).map(info -> {
            if (info.namespaced()) {
                return metadata.namespace() == null || metadata.namespace().isEmpty()
                        ? withMetadata(metadata.withNamespace(namespace)) : this;
            }
            return metadata.namespace() == null ? this : withMetadata(metadata.withNamespace(null));
        }).orElse(this);
    }

    /**
     * For a Secret, the object as Kubernetes stores it: every {@code stringData} entry base64-encoded
     * (UTF-8) into {@code data}, replacing an entry of the same key, and {@code stringData} removed.
     * Other kinds are returned unchanged.
     */
    public Resource normalizeSecret() {
        if (!kind.equals("Secret") || !body.has("stringData")) {
            return this;
        }
        ObjectNode copy = body.deepCopy();
        JsonNode stringData = copy.remove("stringData");
        if (stringData instanceof ObjectNode entries && !entries.isEmpty()) {
            ObjectNode data = copy.get("data") instanceof ObjectNode existing ? existing : copy.putObject("data");
            for (Map.Entry<String, JsonNode> entry : entries.properties()) {
                data.put(entry.getKey(), Base64.getEncoder().encodeToString(
                        entry.getValue().asText().getBytes(StandardCharsets.UTF_8)));
            }
        }
        return new Resource(apiVersion, kind, metadata, copy, status);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Resource other
                && apiVersion.equals(other.apiVersion)
                && kind.equals(other.kind)
                && metadata.equals(other.metadata)
                && body.equals(other.body)
                && Objects.equals(status, other.status);
    }

    @Override
    public int hashCode() {
        return Objects.hash(apiVersion, kind, metadata, body, status);
    }

    /** Names the object ({@code Secret httpbin/tls-cert}); never prints its contents. */
    @Override
    public String toString() {
        String ns = metadata.namespace();
        return kind + " " + (ns == null ? "" : ns + "/") + metadata.name();
    }

    private static String requireText(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return value;
    }
}

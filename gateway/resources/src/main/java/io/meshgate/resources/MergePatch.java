package io.meshgate.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Objects;

/**
 * RFC 7386 JSON merge patch, as {@code kubectl patch --type=merge} applies it: objects merge
 * recursively, {@code null} removes a member, anything else (including lists) replaces. FSM's
 * demos change the MeshConfig this way ({@code {"spec":{"traffic":{"enableEgress":false}}}}).
 * Inputs are never modified.
 */
public final class MergePatch {
    private MergePatch() {}

    /**
     * Returns {@code target} with {@code patch} applied. When the patch is not an object the result
     * is the patch itself; when the target is not an object (or null) an object patch starts from
     * an empty object (RFC 7386 section 2).
     */
    public static JsonNode apply(JsonNode target, JsonNode patch) {
        Objects.requireNonNull(patch, "patch");
        return merge(target, patch);
    }

    /**
     * Applies a merge patch to a whole resource (its JSON form, apiVersion/kind/metadata included).
     *
     * @throws ResourceParseException when the patched JSON is no longer a resource
     */
    public static Resource apply(Resource resource, JsonNode patch) {
        JsonNode patched = apply(resource.toJson(), patch);
        try {
            return ResourceTrees.fromTree(patched);
        } catch (ResourceTrees.TreeProblem e) {
            throw new ResourceParseException(0, 0, 0, "the patched object is not a resource: " + e.getMessage());
        }
    }

    private static JsonNode merge(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject()
                ? ((ObjectNode) target).deepCopy()
                : JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> member : patch.properties()) {
            if (member.getValue().isNull()) {
                result.remove(member.getKey());
            } else {
                result.set(member.getKey(), merge(result.get(member.getKey()), member.getValue()));
            }
        }
        return result;
    }
}

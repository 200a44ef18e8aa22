package io.meshgate.resources.schema;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Building blocks of the structural OpenAPI v3 schemas that {@link Schema#openApi()} returns. */
final class OpenApi {
    private OpenApi() {}

    static ObjectNode typed(String type) {
        return JsonNodeFactory.instance.objectNode().put("type", type);
    }

    /**
     * Any JSON value: structural schemas allow a node without a type only when it keeps unknown
     * fields, which also stops the API server from pruning what it does not know.
     */
    static ObjectNode anyValue() {
        return JsonNodeFactory.instance.objectNode().put("x-kubernetes-preserve-unknown-fields", true);
    }

    /** A bound in the tightest JSON form: 1 rather than 1.0 when the value is whole. */
    static void putBound(ObjectNode node, String name, double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            node.put(name, (long) value);
        } else {
            node.put(name, value);
        }
    }
}

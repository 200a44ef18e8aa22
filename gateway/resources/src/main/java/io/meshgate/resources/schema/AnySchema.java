package io.meshgate.resources.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Accepts any value: for free-form areas such as a PluginConfig's {@code config}. */
public final class AnySchema implements Schema {
    static final AnySchema INSTANCE = new AnySchema();

    private AnySchema() {}

    @Override
    public void check(JsonNode value, FieldPath path, Problems problems) {
        // free-form by design
    }

    @Override
    public ObjectNode openApi() {
        return OpenApi.anyValue();
    }
}

package io.meshgate.resources.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A JSON boolean; the strings "true"/"false" are rejected as Kubernetes does. */
public final class BooleanSchema implements Schema {
    static final BooleanSchema INSTANCE = new BooleanSchema();

    private BooleanSchema() {}

    @Override
    public void check(JsonNode value, FieldPath path, Problems problems) {
        if (!value.isBoolean()) {
            problems.invalid(path, value, "must be a boolean (true or false), not "
                    + StringSchema.article(Values.typeName(value)));
        }
    }

    @Override
    public ObjectNode openApi() {
        return OpenApi.typed("boolean");
    }
}

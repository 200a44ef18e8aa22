package io.meshgate.resources.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;

/**
 * A JSON object used as a map (labels, selectors, Secret data): any keys fitting a format, each
 * value checked by one schema. Errors use bracket paths, {@code data[tls.crt]}.
 */
public final class MapSchema implements Schema {
    private final Format keyFormat;
    private final Schema values;

    MapSchema(Format keyFormat, Schema values) {
        this.keyFormat = keyFormat;
        this.values = values;
    }

    @Override
    public void check(JsonNode value, FieldPath path, Problems problems) {
        if (!value.isObject()) {
            problems.invalid(path, value, "must be an object (a map), not "
                    + StringSchema.article(Values.typeName(value)));
            return;
        }
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            FieldPath entryPath = path.key(entry.getKey());
            if (keyFormat != null) {
                Optional<String> problem = keyFormat.problem(entry.getKey());
                if (problem.isPresent()) {
                    problems.invalid(entryPath, entry.getKey(), problem.get());
                    continue;
                }
            }
            values.check(entry.getValue(), entryPath, problems);
        }
    }

    @Override
    public ObjectNode openApi() {
        ObjectNode node = OpenApi.typed("object");
        node.set("additionalProperties", values.openApi());
        return node;
    }
}

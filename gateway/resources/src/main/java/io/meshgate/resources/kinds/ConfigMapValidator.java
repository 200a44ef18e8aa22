package io.meshgate.resources.kinds;

import static io.meshgate.resources.schema.Schemas.bool;
import static io.meshgate.resources.schema.Schemas.map;
import static io.meshgate.resources.schema.Schemas.object;
import static io.meshgate.resources.schema.Schemas.string;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.resources.Resource;
import io.meshgate.resources.schema.FieldPath;
import io.meshgate.resources.schema.Formats;
import io.meshgate.resources.schema.Problems;

/** core/v1 ConfigMap: {@code data} (text), {@code binaryData} (base64), disjoint keys, 1 MiB in total. */
public final class ConfigMapValidator extends SchemaValidator {

    public ConfigMapValidator() {
        super(object()
                .optional("data", map(Formats.CONFIG_KEY, string()))
                .optional("binaryData", map(Formats.CONFIG_KEY, string()))
                .optional("immutable", bool()));
    }

    @Override
    void checkSemantics(Resource resource, Problems problems) {
        JsonNode data = resource.field("data");
        JsonNode binaryData = resource.field("binaryData");
        long bytes = DataMaps.textSize(data) + DataMaps.checkBase64(binaryData, FieldPath.of("binaryData"), problems);
        if (data.isObject() && binaryData.isObject()) {
            data.fieldNames().forEachRemaining(key -> {
                if (binaryData.has(key)) {
                    problems.duplicate(FieldPath.of("binaryData").key(key), key);
                }
            });
        }
        DataMaps.checkSize(bytes, FieldPath.of("data"), problems);
    }
}

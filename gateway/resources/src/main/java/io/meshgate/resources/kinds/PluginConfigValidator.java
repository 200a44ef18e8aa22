package io.meshgate.resources.kinds;

import static io.meshgate.resources.kinds.CommonSchemas.objectName;
import static io.meshgate.resources.kinds.CommonSchemas.objectReference;
import static io.meshgate.resources.schema.Schemas.array;
import static io.meshgate.resources.schema.Schemas.object;

import io.meshgate.resources.schema.Formats;
import java.util.List;

/**
 * plugin.flomesh.io PluginConfig: free-form {@code config} (an object) for one Plugin, applied to the Services
 * in {@code destinationRefs} (FSM only honours Service references, so only those are accepted).
 */
public final class PluginConfigValidator extends SchemaValidator {

    public PluginConfigValidator() {
        super(object().required("spec", object()
                .required("plugin", objectName())
                .required("destinationRefs", array(objectReference().rule((ref, path, problems) -> {
                    String kind = ref.path("kind").asText("");
                    if (!kind.equals("Service")) {
                        if (kind.isEmpty()) {
                            problems.required(path.child("kind"), "supported values: \"Service\"");
                        } else {
                            problems.unsupported(path.child("kind"), kind, List.of("Service"));
                        }
                    }
                    String name = ref.path("name").asText("");
                    if (name.isEmpty()) {
                        problems.required(path.child("name"));
                    } else {
                        Formats.DNS1035_LABEL.problem(name).ifPresent(p -> problems.invalid(path.child("name"), name, p));
                    }
                })).nonEmpty())
                .required("config", object().allowUnknownFields())));
    }
}

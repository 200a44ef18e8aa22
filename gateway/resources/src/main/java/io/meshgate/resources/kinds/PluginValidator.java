package io.meshgate.resources.kinds;

import static io.meshgate.resources.schema.Schemas.number;
import static io.meshgate.resources.schema.Schemas.object;
import static io.meshgate.resources.schema.Schemas.string;

/**
 * plugin.flomesh.io Plugin (cluster-scoped): a named script inserted into sidecar chains by
 * priority (0 to 65535, higher runs earlier). The script is stored as text; it is never run here.
 */
public final class PluginValidator extends SchemaValidator {
    /** Largest script accepted. */
    static final int MAX_SCRIPT_CHARS = 256 * 1024;

    public PluginValidator() {
        super(object().required("spec", object()
                .optional("priority", number(0, 65535))
                .required("pipyscript", string().nonEmpty().maxLength(MAX_SCRIPT_CHARS))));
    }
}

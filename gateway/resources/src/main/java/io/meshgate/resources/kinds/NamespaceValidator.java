package io.meshgate.resources.kinds;

import static io.meshgate.resources.schema.Schemas.array;
import static io.meshgate.resources.schema.Schemas.object;
import static io.meshgate.resources.schema.Schemas.string;

import io.meshgate.resources.schema.Formats;

/** core/v1 Namespace: only {@code spec.finalizers}; the name rule is checked with the metadata. */
public final class NamespaceValidator extends SchemaValidator {

    public NamespaceValidator() {
        super(object().optional("spec", object()
                .optional("finalizers", array(string(Formats.QUALIFIED_NAME)))));
    }
}

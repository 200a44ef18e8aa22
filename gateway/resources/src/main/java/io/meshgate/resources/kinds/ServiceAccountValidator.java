package io.meshgate.resources.kinds;

import static io.meshgate.resources.kinds.CommonSchemas.objectName;
import static io.meshgate.resources.kinds.CommonSchemas.objectReference;
import static io.meshgate.resources.schema.Schemas.array;
import static io.meshgate.resources.schema.Schemas.bool;
import static io.meshgate.resources.schema.Schemas.object;

/** core/v1 ServiceAccount: the identity SMI and policy sources name. */
public final class ServiceAccountValidator extends SchemaValidator {

    public ServiceAccountValidator() {
        super(object()
                .optional("secrets", array(objectReference()))
                .optional("imagePullSecrets", array(object().optional("name", objectName())))
                .optional("automountServiceAccountToken", bool()));
    }
}

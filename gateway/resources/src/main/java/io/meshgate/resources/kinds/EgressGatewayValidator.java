package io.meshgate.resources.kinds;

import static io.meshgate.resources.kinds.CommonSchemas.namespaceName;
import static io.meshgate.resources.kinds.CommonSchemas.serviceName;
import static io.meshgate.resources.schema.Schemas.array;
import static io.meshgate.resources.schema.Schemas.nonNegative;
import static io.meshgate.resources.schema.Schemas.object;

/** policy.flomesh.io EgressGateway: the gateway Services egress traffic is sent through, with weights. */
public final class EgressGatewayValidator extends SchemaValidator {

    public EgressGatewayValidator() {
        super(object().required("spec", object()
                .required("global", array(object()
                        .required("service", serviceName())
                        .required("namespace", namespaceName())
                        .optional("weight", nonNegative()))
                        .nonEmpty()
                        .uniqueBy(gateway -> gateway.path("namespace").asText() + "/" + gateway.path("service").asText()))));
    }
}

package io.meshgate.resources.kinds;

import static io.meshgate.resources.kinds.CommonSchemas.objectName;
import static io.meshgate.resources.kinds.CommonSchemas.serviceName;
import static io.meshgate.resources.schema.Schemas.array;
import static io.meshgate.resources.schema.Schemas.nonNegative;
import static io.meshgate.resources.schema.Schemas.object;
import static io.meshgate.resources.schema.Schemas.oneOf;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * split.smi-spec.io/v1alpha4 TrafficSplit: an apex Service split over backend Services by weight
 * (integers, zero allowed, not all zero), optionally only for requests matching HTTPRouteGroups.
 */
public final class TrafficSplitValidator extends SchemaValidator {

    public TrafficSplitValidator() {
        super(object().required("spec", object()
                .required("service", objectName())
                .optional("matches", array(object()
                        .required("kind", oneOf("HTTPRouteGroup"))
                        .required("name", objectName())))
                .required("backends", array(object()
                        .required("service", serviceName())
                        .required("weight", nonNegative()))
                        .nonEmpty()
                        .uniqueBy(backend -> backend.path("service").asText()))
                .rule((spec, path, problems) -> {
                    long total = 0;
                    for (JsonNode backend : spec.get("backends")) {
                        total += backend.get("weight").longValue();
                    }
                    if (total == 0) {
                        problems.invalid(path.child("backends"), "0", "the weights add up to 0: at least one backend"
                                + " needs a weight above 0");
                    }
                })));
    }
}

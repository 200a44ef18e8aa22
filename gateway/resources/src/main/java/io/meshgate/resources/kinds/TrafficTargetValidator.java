package io.meshgate.resources.kinds;

import static io.meshgate.resources.kinds.CommonSchemas.has;
import static io.meshgate.resources.kinds.CommonSchemas.namespaceName;
import static io.meshgate.resources.kinds.CommonSchemas.objectName;
import static io.meshgate.resources.schema.Schemas.array;
import static io.meshgate.resources.schema.Schemas.object;
import static io.meshgate.resources.schema.Schemas.oneOf;
import static io.meshgate.resources.schema.Schemas.string;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.resources.Resource;
import io.meshgate.resources.schema.FieldPath;
import io.meshgate.resources.schema.Formats;
import io.meshgate.resources.schema.ObjectSchema;
import io.meshgate.resources.schema.Problems;

/**
 * access.smi-spec.io/v1alpha3 TrafficTarget: which source ServiceAccounts may send which routes to
 * a destination ServiceAccount. As in FSM, the destination lives in the TrafficTarget's namespace;
 * UDPRoute rules are not supported.
 */
public final class TrafficTargetValidator extends SchemaValidator {
    private static final ObjectSchema IDENTITY = object()
            .required("kind", oneOf("ServiceAccount"))
            .required("name", objectName())
            .optional("namespace", namespaceName());

    public TrafficTargetValidator() {
        super(object().required("spec", object()
                .required("destination", IDENTITY)
                .required("sources", array(IDENTITY).nonEmpty())
                .required("rules", array(object()
                        .required("kind", oneOf("HTTPRouteGroup", "TCPRoute"))
                        .required("name", objectName())
                        .optional("matches", array(string().nonEmpty().maxLength(253).format(Formats.SINGLE_LINE)))
                        .rule((rule, path, problems) -> {
                            if ("TCPRoute".equals(rule.get("kind").textValue()) && !rule.path("matches").isEmpty()) {
                                problems.forbidden(path.child("matches"), "only HTTPRouteGroup rules select matches");
                            }
                        }))
                        .nonEmpty())));
    }

    @Override
    void checkSemantics(Resource resource, Problems problems) {
        JsonNode destination = resource.spec().path("destination");
        String namespace = resource.namespace();
        if (destination.isObject() && has((com.fasterxml.jackson.databind.node.ObjectNode) destination, "namespace")
                && namespace != null && !namespace.equals(destination.get("namespace").textValue())) {
            problems.invalid(FieldPath.of("spec").child("destination").child("namespace"),
                    destination.get("namespace").textValue(),
                    "must be the TrafficTarget's own namespace \"" + namespace + "\"");
        }
    }
}

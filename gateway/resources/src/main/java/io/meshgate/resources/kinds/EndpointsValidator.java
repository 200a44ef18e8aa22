package io.meshgate.resources.kinds;

import static io.meshgate.resources.kinds.CommonSchemas.appProtocol;
import static io.meshgate.resources.kinds.CommonSchemas.objectReference;
import static io.meshgate.resources.kinds.CommonSchemas.protocol;
import static io.meshgate.resources.schema.Schemas.array;
import static io.meshgate.resources.schema.Schemas.object;
import static io.meshgate.resources.schema.Schemas.port;
import static io.meshgate.resources.schema.Schemas.string;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.resources.schema.FieldPath;
import io.meshgate.resources.schema.Formats;
import io.meshgate.resources.schema.ObjectSchema;
import io.meshgate.resources.schema.Problems;
import java.util.HashSet;
import java.util.Set;

/**
 * core/v1 Endpoints: {@code subsets} of addresses and ports. Unlike Kubernetes, loopback addresses
 * are allowed: in standalone mode the backends of a Service often run on 127.0.0.1.
 */
public final class EndpointsValidator extends SchemaValidator {
    private static final ObjectSchema ADDRESS = object()
            .required("ip", string(Formats.IP))
            .optional("hostname", string(Formats.DNS1123_LABEL))
            .optional("nodeName", string(Formats.DNS1123_SUBDOMAIN))
            .optional("targetRef", objectReference());

    private static final ObjectSchema PORT = object()
            .optional("name", string(Formats.DNS1123_LABEL))
            .required("port", port())
            .optional("protocol", protocol())
            .optional("appProtocol", appProtocol());

    private static final ObjectSchema SUBSET = object()
            .optional("addresses", array(ADDRESS))
            .optional("notReadyAddresses", array(ADDRESS))
            .optional("ports", array(PORT))
            .rule(EndpointsValidator::checkSubset);

    public EndpointsValidator() {
        super(object().optional("subsets", array(SUBSET)));
    }

    private static void checkSubset(ObjectNode subset, FieldPath path, Problems problems) {
        if (subset.path("addresses").isEmpty() && subset.path("notReadyAddresses").isEmpty()) {
            problems.required(path.child("addresses"), "a subset needs addresses or notReadyAddresses");
        }
        JsonNode ports = subset.path("ports");
        if (ports.isEmpty()) {
            problems.required(path.child("ports"), "a subset needs at least one port");
            return;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            String name = ports.get(i).path("name").asText("");
            FieldPath namePath = path.child("ports").index(i).child("name");
            if (ports.size() > 1 && name.isEmpty()) {
                problems.required(namePath, "every port needs a name when there are several");
            } else if (!name.isEmpty() && !names.add(name)) {
                problems.duplicate(namePath, name);
            }
        }
    }
}

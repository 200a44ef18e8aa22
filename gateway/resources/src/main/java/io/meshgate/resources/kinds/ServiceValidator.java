package io.meshgate.resources.kinds;

import static io.meshgate.resources.kinds.CommonSchemas.appProtocol;
import static io.meshgate.resources.kinds.CommonSchemas.has;
import static io.meshgate.resources.kinds.CommonSchemas.protocol;
import static io.meshgate.resources.schema.Schemas.array;
import static io.meshgate.resources.schema.Schemas.bool;
import static io.meshgate.resources.schema.Schemas.integer;
import static io.meshgate.resources.schema.Schemas.intOrString;
import static io.meshgate.resources.schema.Schemas.map;
import static io.meshgate.resources.schema.Schemas.object;
import static io.meshgate.resources.schema.Schemas.oneOf;
import static io.meshgate.resources.schema.Schemas.port;
import static io.meshgate.resources.schema.Schemas.string;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.resources.schema.FieldPath;
import io.meshgate.resources.schema.Format;
import io.meshgate.resources.schema.Formats;
import io.meshgate.resources.schema.ObjectSchema;
import io.meshgate.resources.schema.Problems;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * core/v1 Service, as Kubernetes validates it: ports (number 1..65535, named when there are
 * several, unique), targetPort as a number or an IANA service name, selector labels, cluster IPs,
 * types and policies. In standalone mode a Service plus its Endpoints is how users declare backends.
 */
public final class ServiceValidator extends SchemaValidator {
    private static final Format CLUSTER_IP = value -> value.equals("None") ? Optional.empty() : Formats.IP.problem(value);

    private static final ObjectSchema PORT = object()
            .optional("name", string(Formats.DNS1123_LABEL))
            .optional("protocol", protocol())
            .optional("appProtocol", appProtocol())
            .required("port", port())
            .optional("targetPort", intOrString(port(), string(Formats.IANA_SVC_NAME)))
            .optional("nodePort", integer(0, 65535));

    private static final ObjectSchema SPEC = object()
            .optional("ports", array(PORT))
            .optional("selector", map(Formats.QUALIFIED_NAME, string().format(Formats.LABEL_VALUE)))
            .optional("clusterIP", string().format(CLUSTER_IP))
            .optional("clusterIPs", array(string().nonEmpty().format(CLUSTER_IP)).maxItems(2))
            .optional("type", oneOf("ClusterIP", "NodePort", "LoadBalancer", "ExternalName"))
            .optional("externalIPs", array(string(Formats.IP)))
            .optional("sessionAffinity", oneOf("None", "ClientIP"))
            .optional("sessionAffinityConfig", object().optional("clientIP", object()
                    .optional("timeoutSeconds", integer(1, 86400))))
            .optional("loadBalancerIP", string().format(Formats.IP))
            .optional("loadBalancerSourceRanges", array(string(Formats.CIDR)))
            .optional("loadBalancerClass", string(Formats.QUALIFIED_NAME))
            .optional("externalName", string().format(Formats.DNS1123_SUBDOMAIN))
            .optional("externalTrafficPolicy", oneOf("Cluster", "Local"))
            .optional("internalTrafficPolicy", oneOf("Cluster", "Local"))
            .optional("healthCheckNodePort", integer(0, 65535))
            .optional("publishNotReadyAddresses", bool())
            .optional("ipFamilies", array(oneOf("IPv4", "IPv6")).maxItems(2).unique())
            .optional("ipFamilyPolicy", oneOf("SingleStack", "PreferDualStack", "RequireDualStack"))
            .optional("allocateLoadBalancerNodePorts", bool())
            .optional("trafficDistribution", string().maxLength(63).format(Formats.SINGLE_LINE))
            .rule(ServiceValidator::checkPorts)
            .rule(ServiceValidator::checkExternalName);

    public ServiceValidator() {
        super(object().required("spec", SPEC));
    }

    private static void checkPorts(ObjectNode spec, FieldPath path, Problems problems) {
        String type = spec.path("type").asText("ClusterIP");
        boolean headless = "None".equals(spec.path("clusterIP").asText());
        JsonNode ports = spec.path("ports");
        if (ports.isEmpty() && !type.equals("ExternalName") && !headless) {
            problems.required(path.child("ports"), "a " + type + " Service needs at least one port");
            return;
        }
        Set<String> names = new HashSet<>();
        Set<String> numbers = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            JsonNode port = ports.get(i);
            FieldPath portPath = path.child("ports").index(i);
            String name = port.path("name").asText("");
            if (ports.size() > 1 && name.isEmpty()) {
                problems.required(portPath.child("name"), "every port needs a name when there are several");
            } else if (!name.isEmpty() && !names.add(name)) {
                problems.duplicate(portPath.child("name"), name);
            }
            String numberAndProtocol = port.path("port").asText() + "/" + port.path("protocol").asText("TCP");
            if (!numbers.add(numberAndProtocol)) {
                problems.duplicate(portPath, numberAndProtocol);
            }
            if (port.path("nodePort").asInt(0) != 0 && (type.equals("ClusterIP") || type.equals("ExternalName"))) {
                problems.forbidden(portPath.child("nodePort"), "may not be used when type is " + type);
            }
        }
    }

    private static void checkExternalName(ObjectNode spec, FieldPath path, Problems problems) {
        if ("ExternalName".equals(spec.path("type").asText()) && !has(spec, "externalName")) {
            problems.required(path.child("externalName"), "an ExternalName Service needs externalName");
        }
    }
}

package io.meshgate.resources.kinds;

import static io.meshgate.resources.kinds.CommonSchemas.protocol;
import static io.meshgate.resources.schema.Schemas.array;
import static io.meshgate.resources.schema.Schemas.object;
import static io.meshgate.resources.schema.Schemas.oneOf;
import static io.meshgate.resources.schema.Schemas.port;
import static io.meshgate.resources.schema.Schemas.string;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.resources.Pods;
import io.meshgate.resources.schema.FieldPath;
import io.meshgate.resources.schema.Formats;
import io.meshgate.resources.schema.ObjectSchema;
import io.meshgate.resources.schema.Problems;
import java.util.HashSet;
import java.util.Set;

/**
 * core/v1 Pod, as far as the mesh reads it: a workload outside Kubernetes registers one (its
 * labels select it into Services, its service account is its identity, {@code status.podIP} and
 * {@code status.phase} make it an endpoint). The fields Meshgate reads are checked like Kubernetes
 * checks them; the rest of a Pod manifest (images, volumes, probes) is accepted unchecked, since
 * nothing here runs containers. Container ports are checked: a Service's named targetPort resolves
 * through them. Unlike other kinds, the status is checked too: the endpoints controller and the
 * sidecar translator take the address and the phase from it.
 */
public final class PodValidator extends SchemaValidator {
    private static final ObjectSchema CONTAINER_PORT = object().allowUnknownFields()
            .optional("name", string(Formats.IANA_SVC_NAME))
            .required("containerPort", port())
            .optional("protocol", protocol());

    private static final ObjectSchema CONTAINER = object().allowUnknownFields()
            .optional("name", string(Formats.DNS1123_LABEL))
            .optional("ports", array(CONTAINER_PORT));

    private static final ObjectSchema SPEC = object().allowUnknownFields()
            .optional("serviceAccountName", string(Formats.DNS1123_SUBDOMAIN))
            .optional("serviceAccount", string(Formats.DNS1123_SUBDOMAIN))
            .optional("nodeName", string(Formats.DNS1123_SUBDOMAIN))
            .optional("hostname", string(Formats.DNS1123_LABEL))
            .optional("subdomain", string(Formats.DNS1123_LABEL))
            .optional("containers", array(CONTAINER))
            .optional("initContainers", array(CONTAINER))
            .rule(PodValidator::checkServiceAccountAlias)
            .rule(PodValidator::checkContainerPortNames);

    private static final ObjectSchema STATUS = object().allowUnknownFields()
            .optional("phase", oneOf(Pods.PHASES.toArray(String[]::new)))
            .optional("podIP", string(Formats.IP))
            .optional("podIPs", array(object().required("ip", string(Formats.IP))).maxItems(2))
            .optional("hostIP", string(Formats.IP))
            .rule(PodValidator::checkPodIps);

    public PodValidator() {
        super(object().optional("spec", SPEC), STATUS);
    }

    /** {@code serviceAccount} is the deprecated name of {@code serviceAccountName}: both set, they must agree. */
    private static void checkServiceAccountAlias(ObjectNode spec, FieldPath path, Problems problems) {
        JsonNode name = spec.get("serviceAccountName");
        JsonNode alias = spec.get("serviceAccount");
        if (name != null && !name.isNull() && alias != null && !alias.isNull()
                && !name.asText().equals(alias.asText())) {
            problems.invalid(path.child("serviceAccount"), alias.asText(),
                    "must equal spec.serviceAccountName (\"" + name.asText() + "\"), whose deprecated name it is");
        }
    }

    /** A port name may name one port of the Pod only: a named targetPort must resolve to one number. */
    private static void checkContainerPortNames(ObjectNode spec, FieldPath path, Problems problems) {
        Set<String> names = new HashSet<>();
        JsonNode containers = spec.path("containers");
        for (int c = 0; c < containers.size(); c++) {
            JsonNode ports = containers.get(c).path("ports");
            for (int p = 0; p < ports.size(); p++) {
                String name = ports.get(p).path("name").asText("");
                if (!name.isEmpty() && !names.add(name)) {
                    problems.duplicate(path.child("containers").index(c).child("ports").index(p).child("name"), name);
                }
            }
        }
    }

    /** As in Kubernetes, {@code podIPs[0]} is the same address as {@code podIP}. */
    private static void checkPodIps(ObjectNode status, FieldPath path, Problems problems) {
        JsonNode podIp = status.get("podIP");
        JsonNode podIps = status.get("podIPs");
        if (podIps == null || podIps.isNull() || podIps.isEmpty()) {
            return;
        }
        String first = podIps.get(0).path("ip").asText();
        if (podIp == null || podIp.isNull()) {
            problems.required(path.child("podIP"), "must be set when podIPs is (to podIPs[0].ip)");
        } else if (!first.equals(podIp.asText())) {
            problems.invalid(path.child("podIPs").index(0).child("ip"), first,
                    "must be the same address as status.podIP (\"" + podIp.asText() + "\")");
        }
    }
}

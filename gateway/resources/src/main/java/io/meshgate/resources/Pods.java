package io.meshgate.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What the mesh reads from a Pod, in one place for the API (defaulting, ownership checks), the
 * endpoints controller and the sidecar translator: its service account (Kubernetes' default is the
 * account named {@value #DEFAULT_SERVICE_ACCOUNT}), its phase and its address.
 */
public final class Pods {
    /** The service account of a Pod that names none, as Kubernetes' admission fills it in. */
    public static final String DEFAULT_SERVICE_ACCOUNT = "default";
    /** The phase of a Pod whose containers run: only such Pods are endpoints. */
    public static final String RUNNING = "Running";
    /** Every {@code status.phase} Kubernetes defines. */
    public static final List<String> PHASES = List.of("Pending", RUNNING, "Succeeded", "Failed", "Unknown");

    private Pods() {}

    /**
     * The Pod's service account: {@code spec.serviceAccountName}, else the deprecated
     * {@code spec.serviceAccount}, else {@value #DEFAULT_SERVICE_ACCOUNT}.
     *
     * @param pod the whole Pod as JSON
     */
    public static String serviceAccountOf(JsonNode pod) {
        JsonNode spec = pod.path("spec");
        for (String field : List.of("serviceAccountName", "serviceAccount")) {
            JsonNode value = spec.get(field);
            if (value != null && value.isTextual() && !value.asText().isEmpty()) {
                return value.asText();
            }
        }
        return DEFAULT_SERVICE_ACCOUNT;
    }

    /** {@code status.podIP}, or null when the Pod has no address yet. */
    public static String podIpOf(JsonNode pod) {
        JsonNode ip = pod.path("status").get("podIP");
        return ip != null && ip.isTextual() && !ip.asText().isEmpty() ? ip.asText() : null;
    }

    /** True when the Pod is Running and has an address: what makes it an endpoint of the Services selecting it. */
    public static boolean isServing(JsonNode pod) {
        return RUNNING.equals(pod.path("status").path("phase").asText()) && podIpOf(pod) != null;
    }

    /**
     * A Pod as the API stores it: {@code spec.serviceAccountName} filled in (from the deprecated
     * {@code spec.serviceAccount}, else {@value #DEFAULT_SERVICE_ACCOUNT}), as Kubernetes'
     * admission does. Other kinds are returned unchanged.
     */
    public static Resource withDefaults(Resource resource) {
        if (!resource.kind().equals("Pod")) {
            return resource;
        }
        ObjectNode spec = resource.spec();
        JsonNode name = spec.get("serviceAccountName");
        if (name != null && name.isTextual() && !name.asText().isEmpty()) {
            return resource;
        }
        spec.put("serviceAccountName", serviceAccountOf(resource.toJson()));
        return resource.withSpec(spec);
    }
}

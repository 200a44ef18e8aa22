package io.meshgate.console.mesh;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.resources.Pods;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Joins what the API lists into mesh workloads: every Pod, and every sidecar proxy (kind
 * {@value #SIDECAR_KIND}, named {@code sidecar.<namespace>.<pod>}; namespaces hold no dots), matched
 * by name. Fields the proxies list may carry for sidecars ({@code namespace}, {@code pod},
 * {@code serviceAccount}, {@code identity}, {@code certificateNotAfter}) are used when present and
 * well-formed; otherwise they are derived from the Pod, or left unknown.
 */
public final class MeshWorkloads {
    /** The proxy kind of sidecars. */
    public static final String SIDECAR_KIND = "sidecar";
    private static final String PREFIX = SIDECAR_KIND + ".";

    private MeshWorkloads() {}

    /** {@code sidecar.<namespace>.<pod>}. */
    public static String proxyName(String namespace, String pod) {
        return PREFIX + namespace + "." + pod;
    }

    /**
     * The workloads, sorted by namespace and Pod.
     *
     * @param pods     Pods as the API lists them
     * @param proxies  items of {@code GET /api/v1/proxies} (any kind; only sidecars are used)
     * @param services Services (those of other namespaces never select a Pod)
     * @param policies the traffic policy in force
     */
    public static List<MeshWorkload> join(List<JsonNode> pods, List<JsonNode> proxies, List<JsonNode> services,
                                          TrafficPolicies policies) {
        Map<String, JsonNode> podByKey = new TreeMap<>();
        for (JsonNode pod : pods) {
            podByKey.put(text(pod.path("metadata"), "namespace") + "/" + text(pod.path("metadata"), "name"), pod);
        }
        Map<String, JsonNode> proxyByKey = new LinkedHashMap<>();
        for (JsonNode proxy : proxies) {
            if (SIDECAR_KIND.equals(proxy.path("kind").asText())) {
                workloadOf(proxy).ifPresent(key -> proxyByKey.put(key, proxy));
            }
        }
        Set<String> keys = new TreeSet<>(podByKey.keySet());
        keys.addAll(proxyByKey.keySet());

        List<MeshWorkload> out = new ArrayList<>();
        for (String key : keys) {
            out.add(workload(key, podByKey.get(key), proxyByKey.get(key), services, policies));
        }
        out.sort(Comparator.comparing(MeshWorkload::namespace).thenComparing(MeshWorkload::pod));
        return out;
    }

    private static MeshWorkload workload(String key, JsonNode pod, JsonNode proxy, List<JsonNode> services,
                                         TrafficPolicies policies) {
        int slash = key.indexOf('/');
        String namespace = key.substring(0, slash);
        String name = key.substring(slash + 1);
        String serviceAccount = pod != null ? Pods.serviceAccountOf(pod) : proxy == null ? null : text(proxy, "serviceAccount");
        String reported = proxy == null ? null : text(proxy, "identity");
        String identity = reported != null ? reported
                : serviceAccount == null ? null : MeshIdentity.of(namespace, serviceAccount);
        Map<String, String> labels = new TreeMap<>();
        List<String> selecting = new ArrayList<>();
        String podIp = null;
        String phase = null;
        if (pod != null) {
            pod.path("metadata").path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
            podIp = Pods.podIpOf(pod);
            phase = pod.path("status").path("phase").asText("Unknown");
            if (phase.isEmpty()) {
                phase = "Unknown";
            }
            for (JsonNode service : services) {
                if (selects(service, namespace, labels)) {
                    selecting.add(text(service.path("metadata"), "namespace") + "/" + text(service.path("metadata"), "name"));
                }
            }
            selecting.sort(String::compareTo);
        }
        List<TrafficPolicies.PolicyLine> inbound = serviceAccount == null ? List.of() : policies.inbound(namespace, serviceAccount);
        List<TrafficPolicies.PolicyLine> outbound = serviceAccount == null ? List.of() : policies.outbound(namespace, serviceAccount);
        return new MeshWorkload(namespace, name, serviceAccount, identity, podIp, phase, labels, selecting, proxy,
                proxy == null ? null : instant(proxy, "certificateNotAfter"), inbound, outbound, policies.permissive());
    }

    /**
     * {@code namespace/pod} of a sidecar proxy: its {@code namespace} and {@code pod} fields when
     * both are present, else parsed from its name; empty for a name of another shape.
     */
    static Optional<String> workloadOf(JsonNode proxy) {
        String namespace = text(proxy, "namespace");
        String pod = text(proxy, "pod");
        if (namespace != null && pod != null) {
            return Optional.of(namespace + "/" + pod);
        }
        String name = proxy.path("name").asText("");
        int dot = name.indexOf('.', PREFIX.length());
        if (!name.startsWith(PREFIX) || dot <= PREFIX.length() || dot == name.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(name.substring(PREFIX.length(), dot) + "/" + name.substring(dot + 1));
    }

    /** As Kubernetes selects: same namespace, a non-empty selector, each entry one of the Pod's labels. */
    static boolean selects(JsonNode service, String namespace, Map<String, String> podLabels) {
        JsonNode selector = service.path("spec").path("selector");
        if (!namespace.equals(text(service.path("metadata"), "namespace")) || !selector.isObject() || selector.isEmpty()) {
            return false;
        }
        for (Map.Entry<String, JsonNode> entry : selector.properties()) {
            if (!entry.getValue().asText().equals(podLabels.get(entry.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** A non-empty text field, else null (absent, JSON null, or not text). */
    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }

    /** An RFC 3339 instant field, else null (absent or unreadable: the screen says "unknown"). */
    private static Instant instant(JsonNode node, String field) {
        String value = text(node, field);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}

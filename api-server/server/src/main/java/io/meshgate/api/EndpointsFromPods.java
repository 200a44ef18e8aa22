package io.meshgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.resources.Pods;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What Kubernetes' endpoints controller derives for one Service with a selector: the Running Pods
 * with an address whose labels include every selector pair, as addresses with a {@code targetRef}
 * to the Pod, and the Service's ports at each Pod's target port. A numeric targetPort (or none: the
 * Service port) is used as is; a named one is the container port of that name in the Pod's spec,
 * and a Pod that has none (workloads registered through the API list no containers) is left out of
 * that port. Pods with the same resolved ports share a subset. Everything is sorted, so the same
 * inputs always give the same document. Pure: no store, no clock.
 */
final class EndpointsFromPods {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private EndpointsFromPods() {}

    /** True when the Service has a non-empty selector: only such Services get derived Endpoints. */
    static boolean selects(JsonNode service) {
        JsonNode selector = service.path("spec").path("selector");
        return selector.isObject() && !selector.isEmpty();
    }

    /**
     * The {@code subsets} of the Service's Endpoints.
     *
     * @param service the Service (with a selector)
     * @param pods    the Pods of the Service's namespace
     */
    static ArrayNode subsets(JsonNode service, List<JsonNode> pods) {
        JsonNode selector = service.path("spec").path("selector");
        JsonNode servicePorts = service.path("spec").path("ports");
        // ports (as JSON text, which also orders the subsets) -> addresses
        Map<String, List<ObjectNode>> bySamePorts = new TreeMap<>();
        Map<String, ArrayNode> portsOf = new TreeMap<>();
        for (JsonNode pod : pods) {
            if (!Pods.isServing(pod) || !matches(selector, pod.path("metadata").path("labels"))) {
                continue;
            }
            ArrayNode ports = portsFor(servicePorts, pod);
            if (ports.isEmpty()) {
                continue; // Endpoints without ports are not valid here; such a Pod serves nothing of this Service
            }
            String key = Jsons.write(ports);
            portsOf.putIfAbsent(key, ports);
            bySamePorts.computeIfAbsent(key, k -> new ArrayList<>()).add(address(pod));
        }
        ArrayNode subsets = JSON.arrayNode();
        bySamePorts.forEach((key, addresses) -> {
            addresses.sort(Comparator.comparing((ObjectNode a) -> a.path("ip").asText())
                    .thenComparing(a -> a.path("targetRef").path("name").asText()));
            ObjectNode subset = subsets.addObject();
            subset.putArray("addresses").addAll(addresses);
            subset.set("ports", portsOf.get(key));
        });
        return subsets;
    }

    private static boolean matches(JsonNode selector, JsonNode labels) {
        for (Map.Entry<String, JsonNode> pair : selector.properties()) {
            JsonNode value = labels.get(pair.getKey());
            if (value == null || !value.asText().equals(pair.getValue().asText())) {
                return false;
            }
        }
        return true;
    }

    private static ObjectNode address(JsonNode pod) {
        ObjectNode address = JSON.objectNode();
        address.put("ip", Pods.podIpOf(pod));
        ObjectNode ref = address.putObject("targetRef");
        ref.put("kind", "Pod");
        ref.put("namespace", pod.path("metadata").path("namespace").asText());
        ref.put("name", pod.path("metadata").path("name").asText());
        String uid = pod.path("metadata").path("uid").asText("");
        if (!uid.isEmpty()) {
            ref.put("uid", uid);
        }
        return address;
    }

    /** The Service's ports at this Pod's target ports, in the Service's order; unresolved ones left out. */
    private static ArrayNode portsFor(JsonNode servicePorts, JsonNode pod) {
        ArrayNode out = JSON.arrayNode();
        for (JsonNode port : servicePorts) {
            Integer target = targetPort(port, pod);
            if (target == null) {
                continue;
            }
            ObjectNode p = out.addObject();
            if (port.hasNonNull("name")) {
                p.put("name", port.get("name").asText());
            }
            p.put("port", target);
            p.put("protocol", port.path("protocol").asText("TCP"));
            if (port.hasNonNull("appProtocol")) {
                p.put("appProtocol", port.get("appProtocol").asText());
            }
        }
        return out;
    }

    private static Integer targetPort(JsonNode port, JsonNode pod) {
        JsonNode target = port.get("targetPort");
        if (target == null || target.isNull()) {
            return port.path("port").asInt();
        }
        if (target.isInt()) {
            return target.asInt();
        }
        String text = target.asText();
        if (!text.isEmpty() && text.chars().allMatch(Character::isDigit) && text.length() <= 5) {
            return Integer.parseInt(text);
        }
        for (JsonNode container : pod.path("spec").path("containers")) {
            for (JsonNode containerPort : container.path("ports")) {
                if (text.equals(containerPort.path("name").asText())) {
                    return containerPort.path("containerPort").asInt();
                }
            }
        }
        return null;
    }
}

package io.meshgate.sidecar.translator;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.resources.Resource;
import java.util.Map;
import java.util.Set;

/**
 * What the translator reads of a {@code v1 Pod}, from the plain resource tree: {@code status.phase},
 * {@code status.podIP}, {@code metadata.labels} and whether a Service selects it.
 */
public final class Pods {
    /** Phases after which a Pod runs nothing again: its sidecar serves nothing. */
    private static final Set<String> ENDED = Set.of("Succeeded", "Failed");

    private Pods() {}

    /** {@code status.phase}, empty when unset. */
    public static String phase(Resource pod) {
        return pod.status().path("phase").asText("");
    }

    /** {@code status.podIP}, empty when unset. */
    public static String ip(Resource pod) {
        return pod.status().path("podIP").asText("");
    }

    /**
     * True while the Pod's sidecar has something to serve: any phase but {@code Succeeded} and
     * {@code Failed}. A {@code Pending} Pod's sidecar is configured, so the application finds the
     * mesh in place when it starts; an ended Pod's sidecar gets an empty config.
     */
    public static boolean served(Resource pod) {
        return !ENDED.contains(phase(pod));
    }

    /**
     * True when {@code service} selects {@code pod} as Kubernetes does: same namespace, a non-empty
     * {@code spec.selector}, every entry of which is one of the Pod's labels.
     */
    public static boolean selectedBy(Resource service, Resource pod) {
        if (service.namespace() == null || !service.namespace().equals(pod.namespace())) {
            return false;
        }
        JsonNode selector = service.spec().path("selector");
        if (!selector.isObject() || selector.isEmpty()) {
            return false;
        }
        Map<String, String> labels = pod.metadata().labels();
        for (Map.Entry<String, JsonNode> entry : selector.properties()) {
            if (!entry.getValue().asText().equals(labels.get(entry.getKey()))) {
                return false;
            }
        }
        return true;
    }
}

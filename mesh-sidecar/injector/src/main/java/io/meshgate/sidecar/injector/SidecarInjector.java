package io.meshgate.sidecar.injector;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.meshgate.resources.JsonPatchDiff;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Injects one pod: decides ({@link InjectionPolicy}), then edits a copy of the typed Pod (init
 * container appended to {@code initContainers}, sidecar appended to {@code containers}, volumes,
 * probes rewritten, Prometheus annotations when the namespace has {@code flomesh.io/metrics: enabled})
 * and returns the JSON patch from the pod as submitted to the copy. Both sides are written by the same
 * serializer, so the patch holds only the injector's changes, never a re-encoding of the submitted
 * object. Appending at the end of lists and adding missing members keeps the patch valid against
 * the object the API server holds.
 */
public final class SidecarInjector {
    public static final String METRICS = "flomesh.io/metrics";

    private final KubernetesSerialization serialization;
    private final ObjectMapper json = new ObjectMapper();

    public SidecarInjector(KubernetesSerialization serialization) {
        this.serialization = serialization;
    }

    /**
     * @param pod       the pod as submitted (not modified)
     * @param namespace its namespace's facts (the request's namespace: a pod of a Deployment has none of its own yet)
     * @param settings  image, control plane, mesh lists
     * @throws InjectionRefusedException when an annotation of the pod or its namespace is invalid
     */
    public InjectionResult inject(Pod pod, NamespaceFacts namespace, InjectionSettings settings) {
        InjectionDecision decision = InjectionPolicy.decide(pod, namespace, settings.meshName());
        if (!decision.inject()) {
            return new InjectionResult(decision, json.createArrayNode());
        }
        if (pod.getSpec() == null || pod.getSpec().getContainers() == null || pod.getSpec().getContainers().isEmpty()) {
            throw new InjectionRefusedException("spec.containers", "a pod to inject needs at least one container");
        }
        Pod injected = serialization.clone(pod);
        ObjectMeta meta = injected.getMetadata() == null ? new ObjectMeta() : injected.getMetadata();
        injected.setMetadata(meta);
        PodSpec spec = injected.getSpec();
        TrafficExclusions exclusions = TrafficExclusions.fromPodAnnotations(meta.getAnnotations())
                .mergedWith(settings.meshExclusions());

        boolean probesRewritten = false;
        for (Container app : spec.getContainers()) {
            probesRewritten |= ProbeRewriter.rewrite(app);
        }
        List<Container> inits = spec.getInitContainers() == null ? new ArrayList<>()
                : new ArrayList<>(spec.getInitContainers());
        inits.add(SidecarContainers.init(settings, exclusions));
        spec.setInitContainers(inits);
        List<Container> containers = new ArrayList<>(spec.getContainers());
        containers.add(SidecarContainers.sidecar(settings, meta.getLabels(), probesRewritten));
        spec.setContainers(containers);
        List<Volume> volumes = spec.getVolumes() == null ? new ArrayList<>() : new ArrayList<>(spec.getVolumes());
        volumes.addAll(SidecarContainers.volumes());
        spec.setVolumes(volumes);
        if ("enabled".equalsIgnoreCase(namespace.annotations().get(METRICS))) {
            Map<String, String> annotations = meta.getAnnotations() == null ? new LinkedHashMap<>()
                    : new LinkedHashMap<>(meta.getAnnotations());
            annotations.put("prometheus.io/scrape", "true");
            annotations.put("prometheus.io/port", Integer.toString(SidecarContainers.PROMETHEUS_PORT));
            annotations.put("prometheus.io/path", "/stats/prometheus");
            meta.setAnnotations(annotations);
        }
        return new InjectionResult(decision, JsonPatchDiff.diff(tree(pod), tree(injected)));
    }

    private JsonNode tree(Pod pod) {
        try {
            return json.readTree(serialization.asJson(pod));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("fabric8 wrote a Pod Jackson cannot read: " + e.getMessage(), e);
        }
    }
}

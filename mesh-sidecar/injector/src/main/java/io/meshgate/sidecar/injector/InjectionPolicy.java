package io.meshgate.sidecar.injector;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * FSM's rules for which pods get a sidecar (its guide "Sidecar injection"): the namespace must be
 * monitored by this mesh (label {@code flomesh.io/monitored-by=<mesh>}) and not ignored (label
 * {@code flomesh.io/ignore}); then the pod's annotation {@code flomesh.io/sidecar-injection}
 * ({@code enabled}/{@code yes}/{@code true} or {@code disabled}/{@code no}/{@code false}) decides, else the
 * namespace's. Never a {@code hostNetwork} pod (its iptables are the node's), never a pod injected
 * already (an API server may call the webhook again under {@code reinvocationPolicy}, and a pod
 * copied with {@code kubectl debug} keeps its containers).
 */
public final class InjectionPolicy {
    public static final String MONITORED_BY = "flomesh.io/monitored-by";
    public static final String IGNORE = "flomesh.io/ignore";
    public static final String SIDECAR_INJECTION = "flomesh.io/sidecar-injection";

    private InjectionPolicy() {}

    /**
     * Decides for one pod.
     *
     * @throws InjectionRefusedException when the pod's or the namespace's injection annotation has a value
     *                                   FSM does not accept (FSM refuses such a pod too)
     */
    public static InjectionDecision decide(Pod pod, NamespaceFacts namespace, String meshName) {
        String ns = namespace.name();
        if (pod.getSpec() != null && Boolean.TRUE.equals(pod.getSpec().getHostNetwork())) {
            return InjectionDecision.no("the pod uses the host's network (hostNetwork: true)");
        }
        if (alreadyInjected(pod)) {
            return InjectionDecision.no("the pod already has the " + SidecarContainers.SIDECAR_NAME + " container");
        }
        String monitoredBy = namespace.labels().get(MONITORED_BY);
        if (monitoredBy == null) {
            return InjectionDecision.no("namespace " + ns + " is not in a mesh (no label " + MONITORED_BY + ")");
        }
        if (!monitoredBy.equals(meshName)) {
            return InjectionDecision.no("namespace " + ns + " is monitored by mesh " + monitoredBy + ", not " + meshName);
        }
        if (namespace.labels().containsKey(IGNORE)) {
            return InjectionDecision.no("namespace " + ns + " is labelled " + IGNORE);
        }
        Map<String, String> podAnnotations = pod.getMetadata() == null || pod.getMetadata().getAnnotations() == null
                ? Map.of() : pod.getMetadata().getAnnotations();
        Boolean byPod = enabled(podAnnotations.get(SIDECAR_INJECTION), "metadata.annotations[" + SIDECAR_INJECTION + "]");
        if (byPod != null) {
            return byPod ? InjectionDecision.yes("the pod is annotated " + SIDECAR_INJECTION + ": enabled")
                    : InjectionDecision.no("the pod is annotated " + SIDECAR_INJECTION + ": disabled");
        }
        Boolean byNamespace = enabled(namespace.annotations().get(SIDECAR_INJECTION),
                "namespace " + ns + " metadata.annotations[" + SIDECAR_INJECTION + "]");
        if (byNamespace == null) {
            return InjectionDecision.no("namespace " + ns + " is not annotated " + SIDECAR_INJECTION + ": enabled");
        }
        return byNamespace ? InjectionDecision.yes("namespace " + ns + " is annotated " + SIDECAR_INJECTION + ": enabled")
                : InjectionDecision.no("namespace " + ns + " is annotated " + SIDECAR_INJECTION + ": disabled");
    }

    /** True when the sidecar or its init container is there already. */
    public static boolean alreadyInjected(Pod pod) {
        if (pod.getSpec() == null) {
            return false;
        }
        return named(pod.getSpec().getContainers(), SidecarContainers.SIDECAR_NAME)
                || named(pod.getSpec().getInitContainers(), SidecarContainers.INIT_NAME);
    }

    private static boolean named(List<Container> containers, String name) {
        return containers != null && containers.stream().anyMatch(c -> name.equals(c.getName()));
    }

    /** FSM's accepted values; null when absent; refused otherwise. */
    private static Boolean enabled(String value, String field) {
        if (value == null) {
            return null;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "enabled", "yes", "true" -> true;
            case "disabled", "no", "false" -> false;
            default -> throw new InjectionRefusedException(field,
                    "'" + value + "' is not a value of " + SIDECAR_INJECTION + " (enabled or disabled)");
        };
    }
}

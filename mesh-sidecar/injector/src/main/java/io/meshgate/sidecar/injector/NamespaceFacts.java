package io.meshgate.sidecar.injector;

import java.util.Map;
import java.util.Objects;

/**
 * What the injector reads of the pod's Namespace: its labels ({@code flomesh.io/monitored-by},
 * {@code flomesh.io/ignore}) and annotations ({@code flomesh.io/sidecar-injection},
 * {@code flomesh.io/metrics}). An AdmissionReview carries only the pod, so the webhook looks these up.
 *
 * @param name        the namespace's name
 * @param labels      its labels, empty when it has none
 * @param annotations its annotations, empty when it has none
 */
public record NamespaceFacts(String name, Map<String, String> labels, Map<String, String> annotations) {
    public NamespaceFacts {
        Objects.requireNonNull(name, "name");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    /** A namespace the control plane does not know: neither monitored nor annotated. */
    public static NamespaceFacts unknown(String name) {
        return new NamespaceFacts(name, Map.of(), Map.of());
    }
}

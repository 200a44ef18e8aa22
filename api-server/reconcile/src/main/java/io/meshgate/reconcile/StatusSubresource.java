package io.meshgate.reconcile;

import java.util.Set;

/**
 * Which kinds have a {@code status} subresource, as in Kubernetes: for them {@code status} belongs to
 * the control plane. A client's write of the main object never changes it (the stored status is
 * kept), and only {@code .../{name}/status} writes it. The data-only core kinds (ConfigMap, Secret,
 * Endpoints, ServiceAccount) have no status; anything a client puts there is stored as sent.
 */
public final class StatusSubresource {
    private static final Set<String> WITHOUT_STATUS = Set.of("ConfigMap", "Secret", "Endpoints", "ServiceAccount");

    private StatusSubresource() {}

    /** True when {@code kind} has a status subresource. */
    public static boolean exists(String kind) {
        return !WITHOUT_STATUS.contains(kind);
    }
}

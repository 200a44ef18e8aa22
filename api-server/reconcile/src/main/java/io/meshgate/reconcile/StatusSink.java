package io.meshgate.reconcile;

import io.meshgate.resources.ResourceKey;

import java.util.Map;

/**
 * Where the reconciler hands what translators and reporters said about resources: the store's
 * status subresource in standalone mode (audited), the cluster's {@code /status} subresources and
 * Events on Kubernetes (leader only). The only place that differs by mode on the way out.
 *
 * <p>Called once per pass on the reconcile thread, after configs are published, with every report
 * of that pass. A sink writes only what differs from what the object holds, so a pass that reports
 * what is already there writes nothing and the loop settles.
 */
@FunctionalInterface
public interface StatusSink {
    /** Keeps statuses in memory only ({@link Reconciler#statuses()}). */
    StatusSink NONE = (snapshot, reports) -> { };

    /**
     * @param snapshot what the reports were computed from (each object's stored status and version)
     * @param reports  by resource; resources the pass said nothing about are absent
     */
    void publish(ResourceSnapshot snapshot, Map<ResourceKey, ReportedStatus> reports);
}

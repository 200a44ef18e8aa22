package io.meshgate.reconcile;

import io.meshgate.resources.ResourceKey;

import java.util.List;
import java.util.Map;

/**
 * Reports the status of resources that no proxy's config depends on (an IngressBackend is
 * reported whether or not a gateway is registered). Runs on the reconcile thread at every pass;
 * like a {@link Translator} it must be a pure function of the snapshot.
 */
@FunctionalInterface
public interface StatusReporter {

    /** The status of each resource this reporter is responsible for. */
    Map<ResourceKey, ReportedStatus> report(ResourceSnapshot snapshot);

    /**
     * The same, for a reporter whose statuses also depend on which proxies are registered (an
     * IngressBackend is enforced once its backends' Pods have sidecars); the reconciler calls this
     * one. Equally pure: a function of the snapshot and the proxies.
     */
    default Map<ResourceKey, ReportedStatus> report(ResourceSnapshot snapshot, List<ProxyIdentity> proxies) {
        return report(snapshot);
    }
}

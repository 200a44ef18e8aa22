package io.meshgate.reconcile;

import io.meshgate.resources.ResourceKey;

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
}

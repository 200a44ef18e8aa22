package io.meshgate.reconcile;

import io.meshgate.resources.Resource;
import java.util.Set;

/**
 * Tells a status write from a change translators can see. Translators read what users write
 * (spec, data, labels, annotations), never {@code status}; the reconciler's own status writes bump
 * only the status and the resourceVersion, so a pass after them would translate the same inputs
 * again. At thousands of objects that pass costs as much as a real one, and a user's change that
 * lands during it waits for it.
 *
 * <p>Except where the status is what users (or the kubelet) write and translators read: a Pod's
 * {@code status.phase} and {@code status.podIP} are set by the workloads API, never by the
 * reconciler, and decide what a sidecar serves. A change there is a change.
 */
public final class StatusOnlyChange {
    /** Kinds whose status is a translator input, not the reconciler's output. */
    private static final Set<String> STATUS_IS_INPUT = Set.of("Pod");

    private StatusOnlyChange() {}

    /**
     * True when {@code after} differs from {@code before} in its status and resourceVersion at most,
     * and the status of its kind is not a translator input.
     */
    public static boolean between(Resource before, Resource after) {
        if (STATUS_IS_INPUT.contains(after.kind()) && !before.status().equals(after.status())) {
            return false;
        }
        return withoutStatus(before).equals(withoutStatus(after));
    }

    private static Resource withoutStatus(Resource resource) {
        return resource.withStatus(null).withMetadata(resource.metadata().withResourceVersion(null));
    }
}

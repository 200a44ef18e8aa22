package io.meshgate.reconcile;

import io.meshgate.resources.Resource;

/**
 * Tells a status write from a change translators can see. Translators read what users write
 * (spec, data, labels, annotations), never {@code status}; the reconciler's own status writes bump
 * only the status and the resourceVersion, so a pass after them would translate the same inputs
 * again. At thousands of objects that pass costs as much as a real one, and a user's change that
 * lands during it waits for it.
 */
public final class StatusOnlyChange {
    private StatusOnlyChange() {}

    /** True when {@code after} differs from {@code before} in its status and resourceVersion at most. */
    public static boolean between(Resource before, Resource after) {
        return withoutStatus(before).equals(withoutStatus(after));
    }

    private static Resource withoutStatus(Resource resource) {
        return resource.withStatus(null).withMetadata(resource.metadata().withResourceVersion(null));
    }
}

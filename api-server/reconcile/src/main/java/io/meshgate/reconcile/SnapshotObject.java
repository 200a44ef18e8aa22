package io.meshgate.reconcile;

import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceKey;

import java.util.Objects;

/**
 * One object of a {@link ResourceSnapshot}: the typed resource, parsed once, and the version its
 * source gave it, which a status write names so it never lands on a newer object unnoticed.
 *
 * @param resource the object as the resource model reads it
 * @param version  the source's version of the object (the store revision of its last write, or a
 *                 Kubernetes {@code resourceVersion}); null for objects a source computes rather
 *                 than reads (Endpoints folded from EndpointSlices), which get no status
 */
public record SnapshotObject(Resource resource, String version) {

    public SnapshotObject {
        Objects.requireNonNull(resource, "resource");
    }

    public ResourceKey key() {
        return resource.key();
    }

    /** The spec generation the object was read at (0 when its source keeps none). */
    public long generation() {
        Long generation = resource.metadata().generation();
        return generation == null ? 0 : generation;
    }
}

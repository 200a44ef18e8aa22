package io.meshgate.ingress;

import io.meshgate.resources.Resource;
import java.util.Optional;

/**
 * Finds one namespaced input object by kind ({@code Service}, {@code Endpoints}, {@code Secret}),
 * namespace and name. The translator's lookups go through it so that what one Ingress read can be
 * recorded ({@link InputReads}) and checked against later inputs.
 */
@FunctionalInterface
interface ResourceFinder {
    Optional<Resource> find(String kind, String namespace, String name);
}

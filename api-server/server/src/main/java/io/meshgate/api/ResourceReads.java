package io.meshgate.api;

import io.meshgate.db.Page;
import io.meshgate.db.ResourceStore;
import io.meshgate.db.StoredObject;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where the REST API's resource reads (GET of an object, of a collection, of a status) come from:
 * the store in standalone mode, the cluster in Kubernetes mode ({@link ClusterBinding}), so the API
 * and the console show the one source of truth of each mode.
 */
public interface ResourceReads {

    /** One object; {@code namespace} is "" for cluster-scoped kinds. */
    Optional<StoredObject> get(String kind, String namespace, String name);

    /**
     * Objects of {@code kind}, by namespace then name.
     *
     * @param namespace     {@code null} for every namespace, "" for cluster-scoped kinds
     * @param labelEquals   labels that must have these values
     * @param labelExists   labels that must be present
     * @param limit         page size, 0 for all
     * @param continueToken from the previous page, or null
     * @throws IllegalArgumentException for a bad continue token
     */
    Page<StoredObject> list(String kind, String namespace, Map<String, String> labelEquals, Set<String> labelExists,
                            int limit, String continueToken);

    /** The store's reads (standalone mode). */
    static ResourceReads of(ResourceStore store) {
        return new ResourceReads() {
            @Override
            public Optional<StoredObject> get(String kind, String namespace, String name) {
                return store.get(kind, namespace, name);
            }

            @Override
            public Page<StoredObject> list(String kind, String namespace, Map<String, String> labelEquals,
                                           Set<String> labelExists, int limit, String continueToken) {
                return store.list(kind, namespace, labelEquals, labelExists, limit, continueToken);
            }
        };
    }
}

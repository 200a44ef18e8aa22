package io.meshgate.sidecar.translator;

import io.meshgate.config.Cluster;
import io.meshgate.config.Listener;
import java.util.Map;

/** One listener of the sidecar's config, with the clusters it sends to. */
public interface SidecarFeature {

    /**
     * Builds this feature's listener for the workload.
     *
     * @param clusters where the clusters the listener refers to are added, by name
     */
    Listener listener(SidecarContext context, Map<String, Cluster> clusters);
}

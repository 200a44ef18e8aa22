package io.meshgate.sidecar.translator;

import io.meshgate.config.Cluster;
import io.meshgate.resources.Condition;
import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One feature that changes where the outbound rule of a mesh Service's port sends its traffic
 * ({@link SidecarFeatures#SERVICE_ROUTING}): by default every request or connection goes to the
 * Service's own cluster ({@link PortRouting#direct}); a TrafficSplit sends it to other Services'
 * clusters by weight. {@link MeshServiceRules} asks the features in order; the first that answers wins.
 */
public interface ServiceRouting {

    /**
     * Reads this feature's policies once for one translation (a translation asks about every Service
     * port of the mesh).
     */
    Router forWorkload(SidecarContext context);

    /**
     * Adds the conditions of the policies this feature reads. They depend on the mesh only, never on
     * the workload, so every sidecar's translation reports the same.
     */
    default void report(MeshModel mesh, Map<ResourceKey, List<Condition>> statuses) {}

    /** The routing of one translation. */
    @FunctionalInterface
    interface Router {
        /**
         * How the rule of {@code service}'s {@code port} routes, or empty to leave it to the next feature
         * (in the end: to the Service's own cluster).
         *
         * @param serviceCluster the name of the Service's own cluster, already in {@code clusters}
         * @param clusters       where the clusters the routing refers to are added, by name
         */
        Optional<PortRouting> route(Resource service, ServicePort port, String serviceCluster,
                                    Map<String, Cluster> clusters);
    }
}

package io.meshgate.sidecar.translator;

import io.meshgate.config.Cluster;
import io.meshgate.config.DestinationRule;
import io.meshgate.resources.Condition;
import io.meshgate.resources.ResourceKey;
import java.util.List;
import java.util.Map;

/**
 * One source of the outbound listener's destination rules ({@link SidecarFeatures#OUTBOUND}): mesh
 * Services, Egress policies. The listener tries the rules in the table's order, so a source listed
 * earlier wins where two select the same destination.
 */
public interface OutboundRules {

    /**
     * This source's rules for the workload, in the order they are tried.
     *
     * @param clusters where the clusters the rules refer to are added, by name
     */
    List<DestinationRule> rules(SidecarContext context, Map<String, Cluster> clusters);

    /**
     * Adds the conditions of the policies this source reads. They depend on the mesh only, never on
     * the workload, so every sidecar's translation reports the same.
     */
    default void report(MeshModel mesh, Map<ResourceKey, List<Condition>> statuses) {}
}

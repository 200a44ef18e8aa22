package io.meshgate.sidecar.translator.access;

import io.meshgate.config.AccessGrant;
import io.meshgate.resources.Condition;
import io.meshgate.resources.ResourceKey;
import io.meshgate.sidecar.translator.InboundPort;
import io.meshgate.sidecar.translator.MeshModel;
import io.meshgate.sidecar.translator.SidecarContext;
import java.util.List;
import java.util.Map;

/** One kind of policy that lets peers use the workload's ports. */
public interface AccessFeature {

    /** The grants this policy kind gives on one of the workload's ports (empty when none). */
    List<AccessGrant> grants(SidecarContext context, InboundPort port);

    /**
     * Adds the conditions of the policies of this kind. They depend on the mesh only, never on the
     * workload, so every sidecar's translation reports the same.
     */
    default void report(MeshModel mesh, Map<ResourceKey, List<Condition>> statuses) {}
}

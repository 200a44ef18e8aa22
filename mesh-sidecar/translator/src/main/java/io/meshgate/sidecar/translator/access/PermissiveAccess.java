package io.meshgate.sidecar.translator.access;

import io.meshgate.config.AccessGrant;
import io.meshgate.sidecar.translator.InboundPort;
import io.meshgate.sidecar.translator.MeshSettings;
import io.meshgate.sidecar.translator.SidecarContext;
import java.util.List;
import java.util.Set;

/**
 * MeshConfig {@code traffic.enablePermissiveTrafficPolicyMode}: while it is on, every port the
 * workload serves admits any peer of the mesh (a verified mesh certificate, principal {@code *}),
 * whatever it requests, and SMI policies are stored but not enforced. Callers outside the mesh are
 * not mesh peers: as in FSM, they get in only through the IngressBackends and AccessControls that
 * name them, in permissive mode too (FSM's sidecar accepts connections only from the mesh's proxies
 * and from the sources of those policies).
 */
public final class PermissiveAccess implements AccessFeature {
    /** The grant's name, in access-log lines and denial counters. */
    static final String GRANT_NAME = "permissive";

    /** True while permissive mode is on. */
    public static boolean on(MeshSettings settings) {
        return settings.permissive();
    }

    @Override
    public List<AccessGrant> grants(SidecarContext context, InboundPort port) {
        if (!on(context.settings())) {
            return List.of();
        }
        return List.of(new AccessGrant(GRANT_NAME, Set.of(AccessGrant.ANY_PRINCIPAL), List.of(), List.of()));
    }
}

package io.meshgate.sidecar.translator.access;

import io.meshgate.resources.Resource;
import io.meshgate.sidecar.translator.MeshModel;
import io.meshgate.sidecar.translator.MeshSettings;
import java.util.List;

/**
 * AccessControls (MeshConfig {@code featureFlags.enableAccessControlPolicy}): which callers outside
 * the mesh may reach the workload, read like IngressBackends (FSM's demos "Service-based" and
 * "IP range-based access control").
 */
public final class AccessControlGrants extends PolicySourceGrants {

    @Override
    String kind() {
        return "AccessControl";
    }

    @Override
    List<Resource> policies(MeshModel mesh) {
        return mesh.inputs().accessControls();
    }

    @Override
    boolean enabled(MeshSettings settings) {
        return settings.accessControls();
    }
}

package io.meshgate.sidecar.translator.access;

import io.meshgate.resources.Resource;
import io.meshgate.sidecar.translator.MeshModel;
import io.meshgate.sidecar.translator.MeshSettings;
import java.util.List;

/**
 * IngressBackends (MeshConfig {@code featureFlags.enableIngressBackendPolicy}): which ingress clients
 * may reach the workload. Their status is the IngressBackend status reporter's, not this feature's.
 */
public final class IngressBackendGrants extends PolicySourceGrants {

    @Override
    String kind() {
        return "IngressBackend";
    }

    @Override
    List<Resource> policies(MeshModel mesh) {
        return mesh.inputs().ingressBackends();
    }

    @Override
    boolean enabled(MeshSettings settings) {
        return settings.ingressBackends();
    }
}

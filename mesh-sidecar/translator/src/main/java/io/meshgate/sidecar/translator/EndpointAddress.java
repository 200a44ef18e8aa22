package io.meshgate.sidecar.translator;

import io.meshgate.resources.Resource;

/**
 * One ready address of a Service's Endpoints at one port.
 *
 * @param pod the Pod the address's {@code targetRef} names, when that Pod is in the mesh's inputs;
 *            null for other addresses (hand-written Endpoints, a Pod not known here)
 */
public record EndpointAddress(String ip, int port, Resource pod) {

    /** True when the address is a Pod of the mesh (its sidecar speaks mTLS). */
    public boolean meshPod() {
        return pod != null;
    }
}

package io.meshgate.sidecar.translator;

import io.meshgate.resources.Resource;

/**
 * One translation's view: the mesh, the workload's Pod and identity, and its certificate.
 *
 * @param pod the workload's Pod (it exists: a missing Pod is not translated)
 */
public record SidecarContext(MeshModel mesh, Workload workload, Resource pod, WorkloadCertificate certificate) {

    /** The workload's ServiceAccount. */
    public String serviceAccount() {
        return MeshIdentities.serviceAccountOf(pod);
    }

    /** The workload's principal, {@code <sa>.<ns>.cluster.local}. */
    public String principal() {
        return MeshIdentities.principal(workload.namespace(), serviceAccount());
    }

    public MeshSettings settings() {
        return mesh.settings();
    }
}

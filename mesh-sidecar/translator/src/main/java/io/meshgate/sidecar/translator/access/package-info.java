/**
 * Who may use a port the workload serves. {@link io.meshgate.sidecar.translator.access.InboundAccess}
 * holds the table: {@link io.meshgate.sidecar.translator.access.PermissiveAccess} lets anyone in while
 * MeshConfig's permissive mode is on; otherwise each
 * {@link io.meshgate.sidecar.translator.access.AccessFeature} adds the grants of one policy kind
 * (SMI TrafficTargets, IngressBackends, AccessControls), and no grant means nobody.
 */
package io.meshgate.sidecar.translator.access;

/**
 * Who may use a port the workload serves. {@link io.meshgate.sidecar.translator.access.InboundAccess}
 * holds the table: each {@link io.meshgate.sidecar.translator.access.AccessFeature} adds the grants
 * of one policy kind: {@link io.meshgate.sidecar.translator.access.PermissiveAccess} any mesh peer
 * while MeshConfig's permissive mode is on, otherwise SMI TrafficTargets; IngressBackends and
 * AccessControls the callers outside the mesh they name, in both modes. No grant means nobody.
 */
package io.meshgate.sidecar.translator.access;

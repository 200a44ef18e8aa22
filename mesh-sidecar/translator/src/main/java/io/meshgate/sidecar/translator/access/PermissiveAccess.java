package io.meshgate.sidecar.translator.access;

import io.meshgate.sidecar.translator.MeshSettings;

/**
 * MeshConfig {@code traffic.enablePermissiveTrafficPolicyMode}: while it is on, every port the
 * workload serves admits anyone (the rule's access is null), with or without a certificate, and
 * policies are stored but not enforced, as in FSM.
 */
public final class PermissiveAccess {
    private PermissiveAccess() {}

    /** True when ports admit anyone. */
    public static boolean admitsAnyone(MeshSettings settings) {
        return settings.permissive();
    }
}

package io.meshgate.console.mesh;

/**
 * A workload's mesh identity, the DNS name its certificate carries and TrafficTargets are matched
 * against: {@code <serviceAccount>.<namespace>.cluster.local}.
 */
public final class MeshIdentity {
    /** The trust domain every identity ends with. */
    public static final String TRUST_DOMAIN = "cluster.local";

    private MeshIdentity() {}

    public static String of(String namespace, String serviceAccount) {
        return serviceAccount + "." + namespace + "." + TRUST_DOMAIN;
    }
}

package io.meshgate.sidecar.translator;

import io.meshgate.resources.Resource;

/**
 * How the mesh names a workload's identity, FSM's way: a ServiceAccount {@code sa} in namespace
 * {@code ns} is the principal {@code sa.ns.cluster.local} (a DNS SAN of its certificate, what
 * access grants name) and the SPIFFE id {@code spiffe://cluster.local/ns/ns/sa/sa} (a URI SAN).
 * The one place these formats are written, for the translator and for the certificate issuer.
 */
public final class MeshIdentities {
    /** FSM's trust domain ({@code trustDomain} in its Helm values). */
    public static final String TRUST_DOMAIN = "cluster.local";
    /** The ServiceAccount of a Pod that names none, as in Kubernetes. */
    public static final String DEFAULT_SERVICE_ACCOUNT = "default";

    private MeshIdentities() {}

    /** {@code <serviceAccount>.<namespace>.cluster.local}. */
    public static String principal(String namespace, String serviceAccount) {
        return serviceAccount + "." + namespace + "." + TRUST_DOMAIN;
    }

    /** {@code spiffe://cluster.local/ns/<namespace>/sa/<serviceAccount>}. */
    public static String spiffeId(String namespace, String serviceAccount) {
        return "spiffe://" + TRUST_DOMAIN + "/ns/" + namespace + "/sa/" + serviceAccount;
    }

    /** A Pod's {@code spec.serviceAccountName}, or {@value #DEFAULT_SERVICE_ACCOUNT}. */
    public static String serviceAccountOf(Resource pod) {
        String name = pod.spec().path("serviceAccountName").asText("");
        return name.isBlank() ? DEFAULT_SERVICE_ACCOUNT : name;
    }
}

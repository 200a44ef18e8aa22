package io.meshgate.egress.translator;

/**
 * Who the egress gateway is, FSM's names: the Deployment, Service and ServiceAccount
 * {@code fsm-egress-gateway} in {@code fsm-system}, listening on 1080 with its admin on 6060. Its mesh
 * identity is the ServiceAccount's principal, {@value #PRINCIPAL}: the certificate sidecars verify when
 * they open a tunnel, issued by the mesh CA like a workload's.
 */
public final class EgressGatewayIdentity {
    /** The proxy kind egress gateways register with; selects this translator. */
    public static final String PROXY_KIND = "egress";
    /** The namespace of the gateway (FSM's control plane namespace). */
    public static final String NAMESPACE = "fsm-system";
    /** The gateway's ServiceAccount, whose principal its certificate carries. */
    public static final String SERVICE_ACCOUNT = "fsm-egress-gateway";
    /** The gateway Service FSM's chart creates and an EgressGateway policy names. */
    public static final String SERVICE = "fsm-egress-gateway";
    /** The mesh's trust domain, as in every principal. */
    public static final String TRUST_DOMAIN = "cluster.local";
    /** {@code fsm-egress-gateway.fsm-system.cluster.local}. */
    public static final String PRINCIPAL = principal(NAMESPACE, SERVICE_ACCOUNT);
    /** The proxy name of a gateway that is not told another. */
    public static final String DEFAULT_PROXY_NAME = "egress-gateway." + NAMESPACE;
    /** The tunnel listener's name (access log lines and counters). */
    public static final String LISTENER = "egress-gateway";
    /** FSM's default MeshConfig {@code spec.egressGateway.port}. */
    public static final int DEFAULT_PORT = 1080;
    /** FSM's {@code egressGateway.adminPort}. */
    public static final int ADMIN_PORT = 6060;

    private EgressGatewayIdentity() {}

    /**
     * A ServiceAccount's mesh principal, {@code <serviceAccount>.<namespace>.cluster.local}: what a caller's
     * certificate names and what tunnel rules admit (the format of the mesh sidecar's {@code MeshIdentities}).
     */
    public static String principal(String namespace, String serviceAccount) {
        return serviceAccount + "." + namespace + "." + TRUST_DOMAIN;
    }
}

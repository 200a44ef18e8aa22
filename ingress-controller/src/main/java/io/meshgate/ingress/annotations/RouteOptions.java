package io.meshgate.ingress.annotations;

import io.meshgate.config.ClientValidation;
import io.meshgate.config.Cluster;
import io.meshgate.config.PrivateKeyPem;
import io.meshgate.config.Rewrite;
import io.meshgate.config.UpstreamTls;
import io.meshgate.resources.annotations.IngressAnnotationTable;

/**
 * The per-route settings one Ingress's annotations produce. The cluster-side part ({@link #clusterKey})
 * decides which cluster a backend gets: two Ingresses to one Service with different settings get
 * two clusters (FSM keys them per Service, last writer wins).
 *
 * @param rewrite          path rewrite filter, or null
 * @param lbPolicy         load-balancing policy
 * @param sticky           pin each client address to one endpoint
 * @param protocol         HTTP/1.1 or HTTP/2 (gRPC) to the upstream
 * @param upstreamTls      TLS to the upstream, or null for plain; without {@code upstream-ssl-name} it
 *                         verifies the chain only until {@link #forHost} gives it the rule's host
 * @param trustedClientCa  PEM of the client CAs for this Ingress's TLS hosts, or null
 * @param verifyClient     whether a client certificate is required on this Ingress's TLS hosts
 * @param verifyDepth      the longest accepted client chain (intermediates), FSM's default 1
 * @param sslRedirect      plain HTTP to a host with a certificate is answered 308 to HTTPS (default true)
 */
public record RouteOptions(Rewrite rewrite, Cluster.LbPolicy lbPolicy, boolean sticky,
                           Cluster.UpstreamProtocol protocol, UpstreamTls upstreamTls,
                           String trustedClientCa, boolean verifyClient, int verifyDepth, boolean sslRedirect) {

    /** The settings that shape a cluster. */
    public record ClusterKey(Cluster.LbPolicy lbPolicy, boolean sticky, Cluster.UpstreamProtocol protocol,
                             UpstreamTls upstreamTls) {
        /** True when nothing differs from a plain round-robin HTTP/1.1 cluster. */
        public boolean isDefault() {
            return lbPolicy == Cluster.LbPolicy.ROUND_ROBIN && !sticky
                    && protocol == Cluster.UpstreamProtocol.HTTP1 && upstreamTls == null;
        }
    }

    public ClusterKey clusterKey() {
        return new ClusterKey(lbPolicy, sticky, protocol, upstreamTls);
    }

    /**
     * These settings for the backends of a rule with {@code host} ({@code *} or {@code *.domain} for
     * an empty or wildcard host). With {@code upstream-ssl-verify} on and no {@code upstream-ssl-name},
     * the rule's host is sent as SNI and the upstream certificate must name it (FSM checks only the
     * chain; a certificate for the name the client asked for is what a virtual-hosted HTTPS backend
     * presents). A wildcard or empty host names no single server: the chain alone is verified then,
     * as it is for a {@code defaultBackend}, which has no host.
     */
    public RouteOptions forHost(String host) {
        if (upstreamTls == null || !upstreamTls.verify() || upstreamTls.serverName() != null
                || host == null || host.isEmpty() || host.startsWith("*")) {
            return this;
        }
        UpstreamTls named = new UpstreamTls(host, true, true, upstreamTls.trustedCaPem(),
                upstreamTls.clientCertificatePem(), upstreamTls.clientKey());
        return new RouteOptions(rewrite, lbPolicy, sticky, protocol, named, trustedClientCa, verifyClient, verifyDepth,
                sslRedirect);
    }

    /**
     * Client validation for this Ingress's TLS hosts: when a trusted CA is configured and either the
     * Ingress asks for it ({@code tls-verify-client}) or MeshConfig {@code ingress.tls.mTLS} is on.
     * Returns null when client certificates are not checked.
     */
    public ClientValidation clientValidation(boolean meshMutualTls) {
        if (trustedClientCa == null || !(verifyClient || meshMutualTls)) {
            return null;
        }
        return new ClientValidation(trustedClientCa, verifyDepth, true);
    }

    /** Collects settings while the annotation features run. */
    public static final class Builder {
        private String rewriteFrom;
        private String rewriteTo;
        // an absent annotation means its default in the annotation table
        private Cluster.LbPolicy lbPolicy = LbType.policy(IngressAnnotationTable.LB_TYPE.defaultValue());
        private boolean sticky = IngressAnnotationTable.SESSION_STICKY.defaultValue();
        private Cluster.UpstreamProtocol protocol = UpstreamProtocol.wire(IngressAnnotationTable.UPSTREAM_PROTOCOL.defaultValue());
        private boolean upstreamTls;
        private String upstreamServerName;
        private boolean upstreamVerify = IngressAnnotationTable.UPSTREAM_SSL_VERIFY.defaultValue();
        private String upstreamCa;
        private String upstreamCert;
        private String upstreamKey;
        private String trustedClientCa;
        private boolean verifyClient = IngressAnnotationTable.TLS_VERIFY_CLIENT.defaultValue();
        private int verifyDepth = IngressAnnotationTable.TLS_VERIFY_DEPTH.defaultValue();
        private boolean sslRedirect = IngressAnnotationTable.SSL_REDIRECT.defaultValue();

        public Builder rewriteFrom(String value) { rewriteFrom = value; return this; }
        public Builder rewriteTo(String value) { rewriteTo = value; return this; }
        public Builder lbPolicy(Cluster.LbPolicy value) { lbPolicy = value; return this; }
        public Builder sticky(boolean value) { sticky = value; return this; }
        public Builder protocol(Cluster.UpstreamProtocol value) { protocol = value; return this; }
        public Builder upstreamVerify(boolean value) { upstreamVerify = value; return this; }
        public Builder trustedClientCa(String pem) { trustedClientCa = pem; return this; }
        public Builder verifyClient(boolean value) { verifyClient = value; return this; }
        public Builder verifyDepth(int value) { verifyDepth = value; return this; }
        public Builder sslRedirect(boolean value) { sslRedirect = value; return this; }

        /** Upstream TLS with this SNI name. */
        public Builder upstreamServerName(String value) {
            upstreamTls = true;
            upstreamServerName = value;
            return this;
        }

        /** Upstream TLS trusting {@code caPem}, presenting the certificate and key when both are given. */
        public Builder upstreamSecret(String caPem, String certPem, String keyPem) {
            upstreamTls = true;
            upstreamCa = caPem;
            if (certPem != null && keyPem != null) {
                upstreamCert = certPem;
                upstreamKey = keyPem;
            }
            return this;
        }

        public RouteOptions build() {
            Rewrite rewrite = rewriteFrom != null && rewriteTo != null ? new Rewrite(rewriteFrom, rewriteTo) : null;
            // without upstream-ssl-name no name is known yet: chain only until forHost names the rule's host
            UpstreamTls tls = upstreamTls ? new UpstreamTls(upstreamServerName, upstreamVerify,
                    upstreamServerName != null, upstreamCa, upstreamCert,
                    upstreamKey == null ? null : PrivateKeyPem.of(upstreamKey)) : null;
            return new RouteOptions(rewrite, lbPolicy, sticky, protocol, tls, trustedClientCa, verifyClient,
                    verifyDepth, sslRedirect);
        }
    }
}

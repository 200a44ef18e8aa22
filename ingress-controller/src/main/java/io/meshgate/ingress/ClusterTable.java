package io.meshgate.ingress;

import io.meshgate.config.Cluster;
import io.meshgate.config.ClusterTimeouts;
import io.meshgate.config.UpstreamTls;
import io.meshgate.ingress.annotations.RouteOptions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One cluster per (namespace, Service, port, cluster settings). Names are readable and stable:
 * {@code ns/svc:port} for default settings, with a suffix naming the settings otherwise
 * ({@code ~hashing}, {@code ~sticky}, {@code ~h2}, {@code ~tls-<hash of the TLS settings>}), so
 * adding an unrelated Ingress never renames a cluster.
 */
final class ClusterTable {
    private final Map<String, Cluster> byName = new LinkedHashMap<>();

    /** The name of the cluster for this backend and settings, creating it on first use. */
    String clusterFor(BackendResolver.Resolved backend, RouteOptions.ClusterKey settings) {
        String name = backend.namespace() + "/" + backend.service() + ":" + backend.servicePort() + suffix(settings);
        byName.computeIfAbsent(name, n -> new Cluster(n, backend.endpoints(), settings.lbPolicy(), settings.sticky(),
                ClusterTimeouts.DEFAULTS, settings.upstreamTls(), settings.protocol(), 0));
        return name;
    }

    /** An empty cluster for a backend that did not resolve: requests routed to it get 503. */
    String unresolved(String backend) {
        String name = backend + "~unresolved";
        byName.computeIfAbsent(name, n -> Cluster.of(n, List.of()));
        return name;
    }

    /**
     * Takes the clusters another table made (one Ingress backend's, prepared apart), in that table's
     * order; a name already here keeps its first definition, as {@link #clusterFor} would.
     */
    void adopt(List<Cluster> made) {
        for (Cluster cluster : made) {
            byName.putIfAbsent(cluster.name(), cluster);
        }
    }

    List<Cluster> clusters() {
        return new ArrayList<>(byName.values());
    }

    private static String suffix(RouteOptions.ClusterKey settings) {
        if (settings.isDefault()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        if (settings.lbPolicy() != Cluster.LbPolicy.ROUND_ROBIN) {
            out.append('~').append(settings.lbPolicy().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        if (settings.sticky()) {
            out.append("~sticky");
        }
        if (settings.protocol() == Cluster.UpstreamProtocol.HTTP2) {
            out.append("~h2");
        }
        if (settings.upstreamTls() != null) {
            out.append("~tls-").append(fingerprint(settings.upstreamTls()));
        }
        return out.toString();
    }

    /** A short hash that tells different upstream TLS settings apart without printing key material. */
    private static String fingerprint(UpstreamTls tls) {
        String text = tls.serverName() + "\n" + tls.verify() + "\n" + tls.verifyHostName() + "\n" + tls.trustedCaPem() + "\n"
                + tls.clientCertificatePem() + "\n" + (tls.clientKey() == null ? "" : tls.clientKey().pem());
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("SHA-256 is required of every JDK", impossible);
        }
    }
}

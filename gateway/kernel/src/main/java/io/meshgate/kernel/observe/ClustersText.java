package io.meshgate.kernel.observe;

import io.meshgate.config.Cluster;
import io.meshgate.config.Endpoint;
import io.meshgate.config.ProxyConfig;
import io.meshgate.config.UpstreamTls;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code /clusters}: Envoy's line format, {@code <cluster>::<what>::<value>} and, per endpoint,
 * {@code <cluster>::<address>:<port>::weight::<n>}, so that {@code grep 'httpbin|14001'} shows a
 * cluster's settings, endpoints and counts together. Counts are the cluster's sums from
 * {@link EnvoyStatsLines} (the kernel counts per cluster, not per endpoint).
 */
final class ClustersText {
    private ClustersText() {}

    static String render(ProxyConfig config, List<String> envoyStats) {
        Map<String, Map<String, String>> counts = countsByCluster(envoyStats);
        StringBuilder out = new StringBuilder();
        for (Cluster c : config.clusters()) {
            String name = oneLine(c.name());
            line(out, name, "observability_name", name);
            line(out, name, "lb_policy", c.lbPolicy().name().toLowerCase(Locale.ROOT)
                    + (c.stickyByClientAddress() ? " sticky_by_client_address" : ""));
            line(out, name, "protocol", c.protocol().name().toLowerCase(Locale.ROOT));
            line(out, name, "tls", tls(c.tls()));
            line(out, name, "max_connections_per_endpoint", Integer.toString(c.maxConnectionsPerEndpoint()));
            line(out, name, "connect_timeout", c.timeouts().connect().toMillis() + "ms");
            counts.getOrDefault(c.name(), Map.of()).forEach((stat, value) -> line(out, name, stat, value));
            for (Endpoint e : c.endpoints()) {
                String host = e.address().indexOf(':') >= 0 ? "[" + e.address() + "]" : e.address();
                out.append(name).append("::").append(oneLine(host)).append(':').append(e.port())
                        .append("::weight::").append(e.weight()).append('\n');
            }
        }
        return out.toString();
    }

    private static String tls(UpstreamTls tls) {
        if (tls == null) {
            return "none";
        }
        StringBuilder out = new StringBuilder(tls.clientCertificatePem() != null ? "mtls" : "tls");
        if (tls.serverName() != null) {
            out.append(" sni=").append(oneLine(tls.serverName()));
        }
        out.append(" verify=").append(!tls.verify() ? "off" : tls.verifyHostName() ? "chain+name" : "chain");
        return out.toString();
    }

    /** {@code cluster.<name>.<stat>: n} lines, by cluster name (which may contain dots: match on the config's names). */
    private static Map<String, Map<String, String>> countsByCluster(List<String> envoyStats) {
        Map<String, Map<String, String>> byCluster = new TreeMap<>();
        for (String line : envoyStats) {
            if (!line.startsWith("cluster.")) {
                continue;
            }
            int colon = line.lastIndexOf(": ");
            String key = colon < 0 ? "" : line.substring("cluster.".length(), colon);
            int dot = key.lastIndexOf('.');
            if (dot < 0) {
                continue;
            }
            byCluster.computeIfAbsent(key.substring(0, dot), k -> new TreeMap<>())
                    .put(key.substring(dot + 1), line.substring(colon + 2));
        }
        return byCluster;
    }

    private static void line(StringBuilder out, String cluster, String what, String value) {
        out.append(cluster).append("::").append(what).append("::").append(value).append('\n');
    }

    private static String oneLine(String value) {
        return value.replace('\r', ' ').replace('\n', ' ');
    }
}

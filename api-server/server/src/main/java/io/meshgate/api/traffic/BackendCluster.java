package io.meshgate.api.traffic;

import java.util.Optional;

/**
 * The Service a proxy cluster sends to, read from the cluster's name as the translators write it:
 * a sidecar's {@code <namespace>/<service>|<port>} (a TrafficSplit's HTTP routes choose among the
 * backends' own clusters of this form) and the ingress gateway's {@code <namespace>/<service>:<port>},
 * optionally followed by settings ({@code ~sticky}, {@code ~h2}, ...). Any other name (a TCP split's
 * shared {@code ...|split} cluster, {@code inbound|8080}, egress clusters) names no single Service.
 *
 * @param namespace the Service's namespace
 * @param service   the Service's name
 */
public record BackendCluster(String namespace, String service) {
    private static final String UNRESOLVED = "~unresolved";

    /** The Service {@code clusterName} sends to, when its name says so. */
    public static Optional<BackendCluster> of(String clusterName) {
        int slash = clusterName.indexOf('/');
        if (slash <= 0) {
            return Optional.empty();
        }
        int sep = firstOf(clusterName, slash + 1);
        if (sep <= slash + 1) {
            return Optional.empty();
        }
        String port = clusterName.substring(sep + 1);
        if (clusterName.charAt(sep) == ':') {
            int settings = port.indexOf('~');
            if (settings >= 0 && port.substring(settings).equals(UNRESOLVED)) {
                return Optional.empty(); // the gateway's stand-in for a backend it could not resolve: no endpoints
            }
            port = settings < 0 ? port : port.substring(0, settings);
        }
        if (port.isEmpty() || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        return Optional.of(new BackendCluster(clusterName.substring(0, slash), clusterName.substring(slash + 1, sep)));
    }

    private static int firstOf(String name, int from) {
        for (int i = from; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '|' || c == ':') {
                return i;
            }
        }
        return -1;
    }
}

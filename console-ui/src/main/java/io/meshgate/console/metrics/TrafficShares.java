package io.meshgate.console.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The traffic each backend Service actually received, read from Prometheus text: the proxy
 * kernel's {@code meshgate_requests_total{cluster="<namespace>/<service>:<port>[~settings]"}}
 * counters, summed per Service over ports, cluster settings, routes and statuses. The counters are
 * cumulative since each proxy started, so the shares are "since start", not "last minute".
 */
public final class TrafficShares {
    /** The kernel's finished-requests counter as Prometheus names it. */
    public static final String REQUESTS_METRIC = "meshgate_requests_total";

    private TrafficShares() {}

    /** Requests per Service of {@code namespace}, from every {@value #REQUESTS_METRIC} sample in {@code text}. */
    public static Map<String, Long> requestsByService(String text, String namespace) {
        Map<String, Long> counts = new LinkedHashMap<>();
        if (text == null) {
            return counts;
        }
        for (String line : text.split("\n")) {
            if (!line.startsWith(REQUESTS_METRIC + "{")) {
                continue;
            }
            int close = labelsEnd(line, REQUESTS_METRIC.length() + 1);
            if (close < 0) {
                continue;
            }
            Map<String, String> labels = PrometheusLabels.parse(line.substring(REQUESTS_METRIC.length() + 1, close));
            String cluster = labels.getOrDefault("cluster", "");
            String[] value = line.substring(close + 1).trim().split("\\s+");
            double sample;
            try {
                sample = Double.parseDouble(value[0]);
            } catch (NumberFormatException e) {
                continue;
            }
            serviceOf(cluster, namespace).ifPresent(svc -> counts.merge(svc, (long) sample, Long::sum));
        }
        return counts;
    }

    /**
     * Each backend's share (0..1) of the requests that went to any of {@code backends}; empty when
     * none of them has received a request yet ("no data yet").
     */
    public static Optional<Map<String, Double>> shares(Map<String, Long> requestsByService, List<String> backends) {
        long total = 0;
        for (String b : backends) {
            total += requestsByService.getOrDefault(b, 0L);
        }
        if (total <= 0) {
            return Optional.empty();
        }
        Map<String, Double> shares = new LinkedHashMap<>();
        for (String b : backends) {
            shares.put(b, requestsByService.getOrDefault(b, 0L) / (double) total);
        }
        return Optional.of(shares);
    }

    /** The Service of a cluster name {@code ns/svc:port~settings} when it lives in {@code namespace}. */
    static Optional<String> serviceOf(String cluster, String namespace) {
        int slash = cluster.indexOf('/');
        int colon = cluster.indexOf(':', slash + 1);
        if (slash <= 0 || colon <= slash + 1 || !cluster.substring(0, slash).equals(namespace)) {
            return Optional.empty();
        }
        return Optional.of(cluster.substring(slash + 1, colon));
    }

    /** The index of the {@code }} closing the label set that starts at {@code from}, honouring quoted values. */
    private static int labelsEnd(String line, int from) {
        boolean quoted = false;
        for (int i = from; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '}' && !quoted) {
                return i;
            }
        }
        return -1;
    }
}

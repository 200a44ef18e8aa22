package io.meshgate.kernel.observe;

import io.meshgate.config.Cluster;
import io.meshgate.config.Listener;
import io.meshgate.config.ProxyConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The kernel's meters summed per cluster and per listener under Envoy's stat names, the lines FSM's
 * {@code fsm proxy get stats} prints and its demos {@code grep}: {@code cluster.<name>.upstream_rq_total: 5},
 * {@code cluster.<name>.upstream_rq_2xx: 5}, {@code listener.<name>.downstream_cx_total: 3}. Every
 * cluster and listener of the config has its {@code _total} lines, at 0 before any traffic, so a
 * {@code grep} finds the line either way. Names are the config's ({@code httpbin/httpbin|14001},
 * {@code inbound|14001}); lines are sorted.
 */
final class EnvoyStatsLines {
    private EnvoyStatsLines() {}

    static List<String> render(MeterRegistry registry, ProxyConfig config) {
        Map<String, Double> stats = new TreeMap<>();
        if (config != null) {
            for (Cluster cluster : config.clusters()) {
                stats.put(cluster(cluster.name(), "upstream_rq_total"), 0.0);
                stats.put(cluster(cluster.name(), "upstream_cx_connect_fail"), 0.0);
            }
            // a cluster a retrying route sends to has its six retry lines at 0 before any retry,
            // so the seed's grep for upstream_rq_retry finds them either way
            for (String cluster : RetryingClusters.of(config)) {
                for (RetryStats.Event event : RetryStats.Event.values()) {
                    stats.put(cluster(cluster, event.envoyName()), 0.0);
                }
            }
            // a cluster with a circuit breaker or limits has their lines at 0 before anything happened
            for (Cluster cluster : config.clusters()) {
                if (cluster.circuitBreaker() != null) {
                    stats.put(cluster(cluster.name(), ClusterGuardStats.OPEN_STAT), 0.0);
                    stats.put(cluster(cluster.name(), ClusterGuardStats.Event.CIRCUIT_OPENED.statName()), 0.0);
                    stats.put(cluster(cluster.name(), ClusterGuardStats.Event.RQ_CIRCUIT_OPEN.statName()), 0.0);
                }
                if (cluster.limits() != null) {
                    stats.put(cluster(cluster.name(), ClusterGuardStats.Event.CX_OVERFLOW.statName()), 0.0);
                    stats.put(cluster(cluster.name(), ClusterGuardStats.Event.RQ_PENDING_OVERFLOW.statName()), 0.0);
                }
            }
            for (Listener listener : config.listeners()) {
                stats.put(listener(listener.name(), "downstream_cx_total"), 0.0);
                stats.put(listener(listener.name(), "downstream_cx_active"), 0.0);
            }
        }
        for (Meter meter : registry.getMeters()) {
            Meter.Id id = meter.getId();
            switch (id.getName()) {
                case KernelMetrics.REQUESTS -> requests(stats, id, count(meter));
                case KernelMetrics.UPSTREAM_CONNECT_FAILURES ->
                        add(stats, cluster(id.getTag("cluster"), "upstream_cx_connect_fail"), count(meter));
                case KernelMetrics.CONNECTIONS_ACCEPTED ->
                        add(stats, listener(id.getTag("listener"), "downstream_cx_total"), count(meter));
                case KernelMetrics.CONNECTIONS_ACTIVE ->
                        add(stats, listener(id.getTag("listener"), "downstream_cx_active"), count(meter));
                case KernelMetrics.CONNECTIONS_REFUSED ->
                        add(stats, listener(id.getTag("listener"), "downstream_cx_overflow"), count(meter));
                case KernelMetrics.REQUESTS_REJECTED ->
                        add(stats, listener(id.getTag("listener"), "downstream_rq_rejected"), count(meter));
                // Envoy's RBAC filter counts its refusals as rbac.denied
                case KernelMetrics.ACCESS_DENIED ->
                        add(stats, listener(id.getTag("listener"), "rbac.denied"), count(meter));
                case KernelMetrics.UPSTREAM_RETRIES -> {
                    RetryStats.Event event = RetryStats.Event.ofTag(id.getTag("event"));
                    if (event != null) {
                        add(stats, cluster(id.getTag("cluster"), event.envoyName()), count(meter));
                    }
                }
                case KernelMetrics.UPSTREAM_GUARD_EVENTS -> {
                    ClusterGuardStats.Event event = ClusterGuardStats.Event.ofTag(id.getTag("event"));
                    if (event != null) {
                        add(stats, cluster(id.getTag("cluster"), event.statName()), count(meter));
                    }
                }
                case KernelMetrics.UPSTREAM_CIRCUIT_OPEN ->
                        stats.put(cluster(id.getTag("cluster"), ClusterGuardStats.OPEN_STAT), count(meter));
                case KernelMetrics.MESH_CONNECTIONS_UNSERVED ->
                        add(stats, listener(id.getTag("listener"), "downstream_cx_unserved"), count(meter));
                default -> {
                    // other meters are in the Prometheus-named lines only
                }
            }
        }
        List<String> lines = new ArrayList<>(stats.size());
        stats.forEach((name, value) -> lines.add(name + ": " + StatsLines.number(value)));
        return lines;
    }

    /** One status counter of a (listener, route, cluster): to the cluster unless answered locally, and to the listener. */
    private static void requests(Map<String, Double> stats, Meter.Id id, double count) {
        String status = id.getTag("status");
        String cluster = id.getTag("cluster");
        String listener = id.getTag("listener");
        String klass = status == null || status.equals("0") ? null : status.charAt(0) + "xx";
        if (cluster != null && !cluster.equals(KernelMetrics.NONE)) {
            add(stats, cluster(cluster, "upstream_rq_total"), count);
            if (klass != null) {
                add(stats, cluster(cluster, "upstream_rq_" + klass), count);
                add(stats, cluster(cluster, "upstream_rq_" + status), count);
            }
        }
        if (listener != null) {
            add(stats, listener(listener, "downstream_rq_total"), count);
            if (klass != null) {
                add(stats, listener(listener, "downstream_rq_" + klass), count);
            }
        }
    }

    private static double count(Meter meter) {
        return switch (meter) {
            case Counter c -> c.count();
            case Gauge g -> g.value();
            case io.micrometer.core.instrument.FunctionCounter f -> f.count();
            default -> 0;
        };
    }

    private static void add(Map<String, Double> stats, String name, double value) {
        stats.merge(name, value, Double::sum);
    }

    private static String cluster(String name, String stat) {
        return "cluster." + oneLine(name) + "." + stat;
    }

    private static String listener(String name, String stat) {
        return "listener." + oneLine(name) + "." + stat;
    }

    private static String oneLine(String value) {
        return value == null ? KernelMetrics.NONE : value.replace('\r', ' ').replace('\n', ' ');
    }
}

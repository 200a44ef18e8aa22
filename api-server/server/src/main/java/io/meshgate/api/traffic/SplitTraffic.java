package io.meshgate.api.traffic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A TrafficSplit's backends as the proxies counted them: per backend Service the requests per second
 * over the window (the growth of the request counters of every cluster sending to it, per proxy over
 * that proxy's observed span, summed over proxies), its share of the split's backends' rates (0..1;
 * 0 for every backend while none has traffic), and the requests counted since the proxies started.
 * A proxy observed only once adds totals but no rate.
 *
 * @param backends          one entry per backend, in the split's order
 * @param requestsPerSecond the backends' rates together
 */
public record SplitTraffic(List<Backend> backends, double requestsPerSecond) {

    /**
     * @param service           the backend Service (in the split's namespace)
     * @param requestsPerSecond requests per second over the window
     * @param share             of the split's backends' requests per second, 0..1
     * @param totalRequests     counted by the proxies since they started
     * @param proxies           the proxies that sent it requests in the window, sorted
     * @param clusters          the proxy clusters counted for it, sorted
     */
    public record Backend(String service, double requestsPerSecond, double share, long totalRequests,
                          List<String> proxies, List<String> clusters) {}

    /**
     * @param namespace the split's namespace (its backends' too)
     * @param backends  the split's backend Services, in order (a Service named twice counts once)
     * @param byProxy   what each proxy read this time says about the window
     */
    public static SplitTraffic of(String namespace, List<String> backends, Map<String, CounterHistory.Observed> byProxy) {
        Map<String, Tally> tallies = new LinkedHashMap<>();
        backends.forEach(b -> tallies.putIfAbsent(b, new Tally()));
        byProxy.forEach((proxy, observed) -> {
            double seconds = observed.span().toNanos() / 1e9;
            observed.latest().forEach((cluster, total) -> BackendCluster.of(cluster)
                    .filter(target -> target.namespace().equals(namespace))
                    .map(target -> tallies.get(target.service()))
                    .ifPresent(tally -> {
                        long growth = observed.increases().getOrDefault(cluster, 0L);
                        tally.total += total;
                        tally.clusters.add(cluster);
                        if (seconds > 0 && growth > 0) {
                            tally.rate += growth / seconds;
                            tally.proxies.add(proxy);
                        }
                    }));
        });
        double sum = tallies.values().stream().mapToDouble(t -> t.rate).sum();
        List<Backend> out = new ArrayList<>();
        tallies.forEach((service, t) -> out.add(new Backend(service, t.rate, sum > 0 ? t.rate / sum : 0, t.total,
                List.copyOf(t.proxies), List.copyOf(t.clusters))));
        return new SplitTraffic(List.copyOf(out), sum);
    }

    private static final class Tally {
        double rate;
        long total;
        final TreeSet<String> proxies = new TreeSet<>();
        final TreeSet<String> clusters = new TreeSet<>();
    }
}

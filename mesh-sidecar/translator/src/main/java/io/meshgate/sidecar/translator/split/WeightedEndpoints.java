package io.meshgate.sidecar.translator.split;

import io.meshgate.config.Cluster;
import io.meshgate.config.Endpoint;
import io.meshgate.sidecar.translator.EndpointAddress;
import io.meshgate.sidecar.translator.MeshServiceRules;
import io.meshgate.sidecar.translator.SidecarContext;
import io.meshgate.sidecar.translator.split.ResolvedSplit.BackendPort;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A TrafficSplit on a TCP port: the kernel's TCP relay sends a rule's connections to one cluster, so
 * the split becomes one cluster holding every backend's endpoints, each weighted by its backend's share
 * divided among that backend's endpoints. The cluster's weighted round robin (smooth, nginx's) then
 * gives each backend its share of connections. A backend without ready endpoints has no share: its
 * weight goes to the others (an HTTP split answers its share 503 instead; a TCP relay has no answer
 * to give). Every weight 0, or no endpoints at all: the cluster has no endpoint and connections close.
 */
final class WeightedEndpoints {
    /** What one backend's share is scaled to before it is divided among its endpoints: 0.01 % steps. */
    static final int SCALE = 10_000;

    private WeightedEndpoints() {}

    /** {@code <root cluster>|split}: the split's one cluster for a TCP port. */
    static Cluster cluster(SidecarContext context, String rootCluster, List<BackendPort> backends) {
        long total = 0;
        List<List<EndpointAddress>> addressesOf = new ArrayList<>();
        for (BackendPort backend : backends) {
            List<EndpointAddress> addresses = context.mesh().endpoints(backend.service(), backend.port());
            addressesOf.add(addresses);
            if (!addresses.isEmpty()) {
                total += backend.weight();
            }
        }
        Map<String, Endpoint> endpoints = new LinkedHashMap<>();
        List<EndpointAddress> used = new ArrayList<>();
        for (int i = 0; i < backends.size(); i++) {
            List<EndpointAddress> addresses = addressesOf.get(i);
            int weight = backends.get(i).weight();
            if (weight == 0 || addresses.isEmpty()) {
                continue;
            }
            int each = (int) Math.max(1, Math.round((double) weight * SCALE / ((double) total * addresses.size())));
            for (EndpointAddress address : addresses) {
                used.add(address);
                // one Pod behind two backends gets both shares
                endpoints.merge(address.ip() + ":" + address.port(), new Endpoint(address.ip(), address.port(), each),
                        (a, b) -> new Endpoint(a.address(), a.port(), a.weight() + b.weight()));
            }
        }
        return Cluster.of(rootCluster + "|split", List.copyOf(endpoints.values()))
                .withTls(MeshServiceRules.meshTls(context, used));
    }
}

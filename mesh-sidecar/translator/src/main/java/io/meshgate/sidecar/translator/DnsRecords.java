package io.meshgate.sidecar.translator;

import io.meshgate.config.Cluster;
import io.meshgate.config.DnsListener;
import io.meshgate.config.DnsRecord;
import io.meshgate.config.Listener;
import io.meshgate.resources.Resource;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The local DNS server ({@value #NAME} on {@value #ADDRESS}:{@value #PORT}, FSM's local DNS proxy):
 * every Service with a cluster IP answers as {@code <svc>.<ns>}, {@code <svc>.<ns>.svc} and
 * {@code <svc>.<ns>.svc.cluster.local}, and a Service of the workload's own namespace also as
 * {@code <svc>}, with its IPv4 cluster IPs (the local server answers A records). Headless Services
 * are left out. No upstream resolvers: other names are answered SERVFAIL until a sidecar flag adds
 * some.
 */
public final class DnsRecords implements SidecarFeature {
    public static final String NAME = "dns";
    public static final String ADDRESS = "127.0.0.153";
    public static final int PORT = 5300;

    @Override
    public Listener listener(SidecarContext context, Map<String, Cluster> clusters) {
        Map<String, DnsRecord> records = new TreeMap<>();
        MeshModel mesh = context.mesh();
        for (Resource service : mesh.inputs().services()) {
            List<String> ips = mesh.clusterIps(service).stream().filter(ip -> !ip.contains(":")).toList();
            if (ips.isEmpty()) {
                continue;
            }
            String qualified = service.name() + "." + service.namespace();
            for (String name : List.of(qualified, qualified + ".svc", qualified + ".svc." + MeshIdentities.TRUST_DOMAIN)) {
                records.put(name, new DnsRecord(name, ips));
            }
            if (service.namespace().equals(context.workload().namespace())) {
                records.put(service.name(), new DnsRecord(service.name(), ips));
            }
        }
        return new DnsListener(NAME, ADDRESS, PORT, List.copyOf(records.values()), List.of(), null);
    }
}

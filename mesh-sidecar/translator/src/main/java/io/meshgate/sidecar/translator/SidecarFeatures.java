package io.meshgate.sidecar.translator;

import io.meshgate.sidecar.translator.egress.EgressPolicyRules;
import io.meshgate.sidecar.translator.split.TrafficSplitRouting;
import java.util.List;

/** The sidecar's listeners, in the order they appear in its config, and what the outbound one serves. */
public final class SidecarFeatures {
    /** Outbound on 15001, inbound on 15003, DNS on 127.0.0.153:5300. */
    public static final List<SidecarFeature> FEATURES = List.of(
            new OutboundServices(),
            new InboundPorts(),
            new DnsRecords());

    /**
     * The outbound listener's rules, in the order they are tried: the mesh's Services first (a
     * Service's cluster IP is never egress), then the Egress policies that name the workload.
     */
    public static final List<OutboundRules> OUTBOUND = List.of(
            new MeshServiceRules(),
            new EgressPolicyRules());

    /**
     * What may send a mesh Service port's traffic elsewhere than to the Service's own cluster, asked in
     * order by {@link MeshServiceRules} (the first that answers wins): SMI TrafficSplits whose root it is.
     */
    public static final List<ServiceRouting> SERVICE_ROUTING = List.of(
            new TrafficSplitRouting());

    private SidecarFeatures() {}
}

package io.meshgate.sidecar.translator;

import io.meshgate.sidecar.translator.egress.EgressPolicyRules;
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

    private SidecarFeatures() {}
}

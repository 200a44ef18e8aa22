package io.meshgate.sidecar.translator;

import java.util.List;

/** The sidecar's listeners, in the order they appear in its config. */
public final class SidecarFeatures {
    /** Outbound on 15001, inbound on 15003, DNS on 127.0.0.153:5300. */
    public static final List<SidecarFeature> FEATURES = List.of(
            new OutboundServices(),
            new InboundPorts(),
            new DnsRecords());

    private SidecarFeatures() {}
}

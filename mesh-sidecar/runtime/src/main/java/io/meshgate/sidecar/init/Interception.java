package io.meshgate.sidecar.init;

import java.util.List;
import java.util.Objects;

/**
 * What {@code sidecar-init} intercepts and what it leaves alone.
 *
 * @param proxyUid                  the sidecar's user: its own connections are never redirected (FSM: 1500)
 * @param proxyGid                  the sidecar's group, excluded like its user; null for none. Tests run the
 *                                  sidecar as root with this group (the build's jars are readable by root only)
 * @param outboundIpRangeExclusions IPv4 CIDRs whose outbound connections bypass the sidecar
 * @param outboundIpRangeInclusions IPv4 CIDRs that alone are redirected outbound; empty = everything
 * @param outboundPortExclusions    destination ports whose outbound connections bypass the sidecar
 * @param inboundPortExclusions     local ports whose inbound connections bypass the sidecar
 */
public record Interception(int proxyUid, Integer proxyGid, List<String> outboundIpRangeExclusions,
                           List<String> outboundIpRangeInclusions, List<Integer> outboundPortExclusions,
                           List<Integer> inboundPortExclusions) {
    /** FSM's sidecar user. */
    public static final int DEFAULT_PROXY_UID = 1500;

    public Interception {
        if (proxyUid < 0) {
            throw new IllegalArgumentException("--proxy-uid must be 0 or more, got " + proxyUid);
        }
        if (proxyGid != null && proxyGid < 0) {
            throw new IllegalArgumentException("--proxy-gid must be 0 or more, got " + proxyGid);
        }
        outboundIpRangeExclusions = List.copyOf(Objects.requireNonNull(outboundIpRangeExclusions));
        outboundIpRangeInclusions = List.copyOf(Objects.requireNonNull(outboundIpRangeInclusions));
        outboundPortExclusions = List.copyOf(Objects.requireNonNull(outboundPortExclusions));
        inboundPortExclusions = List.copyOf(Objects.requireNonNull(inboundPortExclusions));
    }

    /** FSM's defaults: user 1500, nothing excluded, everything redirected. */
    public static Interception defaults() {
        return new Interception(DEFAULT_PROXY_UID, null, List.of(), List.of(), List.of(), List.of());
    }

    /** These settings with the MeshConfig's lists merged in after the ones given on the command line. */
    public Interception withMeshDefaults(MeshTrafficLists mesh) {
        return new Interception(proxyUid, proxyGid,
                ExclusionLists.merge(outboundIpRangeExclusions, mesh.outboundIpRangeExclusions()),
                ExclusionLists.merge(outboundIpRangeInclusions, mesh.outboundIpRangeInclusions()),
                ExclusionLists.merge(outboundPortExclusions, mesh.outboundPortExclusions()),
                ExclusionLists.merge(inboundPortExclusions, mesh.inboundPortExclusions()));
    }
}

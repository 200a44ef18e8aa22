package io.meshgate.kernel.tls;

import io.meshgate.config.GlobalPassthrough;
import io.meshgate.config.SniPassthrough;
import java.util.List;

/**
 * Which SNI values a listener relays untouched instead of terminating. Pure and immutable.
 *
 * <p>An explicit entry wins (exact name over {@code *.suffix}); then global passthrough, which relays
 * to the SNI host itself but only for names on its allow-list: an empty allow-list relays nothing,
 * so the proxy is never an open TLS relay (FSM's global passthrough is one). An SNI that is not a DNS
 * host name (an IP literal, spaces, empty) never goes global: clients must not pick arbitrary addresses.
 * Where an allowed name may be relayed to is {@link RelayAddressPolicy}'s call, once it is resolved.
 */
public final class PassthroughTable {
    private static final PassthroughTable EMPTY = new PassthroughTable(ServerNameMap.<String>builder().build(), null, null);

    private final ServerNameMap<String> clusterByName;
    private final ServerNameMap<Boolean> globalAllowList;
    private final GlobalPassthrough global;

    private PassthroughTable(ServerNameMap<String> clusterByName, ServerNameMap<Boolean> globalAllowList,
                             GlobalPassthrough global) {
        this.clusterByName = clusterByName;
        this.globalAllowList = globalAllowList;
        this.global = global;
    }

    /** A table that relays nothing (a listener that only terminates TLS). */
    public static PassthroughTable empty() {
        return EMPTY;
    }

    /**
     * Compiles a listener's passthrough settings.
     *
     * @param entries explicit SNI to cluster entries (may be empty)
     * @param global  global passthrough, or null when off
     * @throws IllegalArgumentException for a malformed or duplicated server name
     */
    public static PassthroughTable compile(List<SniPassthrough> entries, GlobalPassthrough global) {
        ServerNameMap.Builder<String> clusters = ServerNameMap.builder();
        for (SniPassthrough entry : entries) {
            for (String name : entry.serverNames()) {
                clusters.put(name, entry.cluster());
            }
        }
        ServerNameMap<Boolean> allowList = null;
        if (global != null) {
            ServerNameMap.Builder<Boolean> allowed = ServerNameMap.builder();
            for (String name : global.allowedServerNames()) {
                allowed.put(name, Boolean.TRUE);
            }
            allowList = allowed.build();
        }
        return new PassthroughTable(clusters.build(), allowList, global);
    }

    /**
     * Where to relay a connection with this SNI (any case, trailing dot allowed), or null to not relay
     * it (terminate it, or refuse it on a passthrough-only listener).
     */
    public PassthroughTarget lookup(String sni) {
        String name = ServerNames.normalize(sni);
        if (name == null) {
            return null;
        }
        String cluster = clusterByName.lookup(name);
        if (cluster != null) {
            return new PassthroughTarget.ToCluster(cluster);
        }
        if (global != null && ServerNames.isDnsName(name) && globalAllowList.lookup(name) != null) {
            return new PassthroughTarget.ToHost(name, global.upstreamPort(), global.privateAddressesAllowed());
        }
        return null;
    }

    /** True when no SNI can ever be relayed. */
    public boolean isEmpty() {
        return clusterByName.isEmpty() && (globalAllowList == null || globalAllowList.isEmpty());
    }
}

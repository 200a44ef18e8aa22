package io.meshgate.config;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An HTTP listener. Without {@code tls} it serves cleartext HTTP/1.1 (and h2c with prior knowledge
 * when {@link HttpSettings#http2()} is on). With {@code tls} it terminates TLS, choosing the
 * certificate by SNI, and offers h2 by ALPN. Hosts in {@code passthrough} (and, when set,
 * {@code globalPassthrough}) are not terminated: the ClientHello is read for its SNI and the bytes
 * are forwarded untouched. A listener with passthrough entries and no {@code tls} is a pure
 * passthrough listener: a ClientHello that matches nothing is refused.
 */
public record HttpListener(
        String name,
        String address,
        int port,
        List<VirtualHost> virtualHosts,
        DownstreamTls tls,
        List<SniPassthrough> passthrough,
        GlobalPassthrough globalPassthrough,
        HttpSettings settings) implements Listener {

    public HttpListener {
        Checks.name(name, "listener.name");
        Checks.name(address, "listener.address");
        Checks.port(port, "listener.port");
        virtualHosts = Checks.list(virtualHosts);
        passthrough = Checks.list(passthrough);
        settings = settings == null ? HttpSettings.DEFAULTS : settings;
    }

    /** A cleartext HTTP listener with default settings. */
    public static HttpListener plain(String name, String address, int port, List<VirtualHost> virtualHosts) {
        return new HttpListener(name, address, port, virtualHosts, null, List.of(), null, HttpSettings.DEFAULTS);
    }

    /** True when this listener reads a ClientHello first (TLS termination or passthrough). */
    public boolean expectsTls() {
        return tls != null || !passthrough.isEmpty() || globalPassthrough != null;
    }

    @Override
    public Set<String> clusterReferences() {
        Set<String> refs = new HashSet<>();
        for (VirtualHost vh : virtualHosts) {
            for (Route r : vh.routes()) {
                for (WeightedCluster wc : r.clusters()) {
                    refs.add(wc.cluster());
                }
            }
        }
        for (SniPassthrough p : passthrough) {
            refs.add(p.cluster());
        }
        return refs;
    }
}

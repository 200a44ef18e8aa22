package io.meshgate.kernel.runtime;

import io.meshgate.config.HttpListener;
import io.meshgate.config.Listener;
import io.meshgate.config.MeshListener;
import io.meshgate.config.ProxyConfig;
import io.meshgate.config.TcpListener;
import io.meshgate.kernel.dns.DnsZone;
import io.meshgate.kernel.filter.FilterRegistry;
import io.meshgate.kernel.http.HttpListenerRuntime;
import io.meshgate.kernel.http.HttpSnapshot;
import io.meshgate.kernel.mesh.MeshListenerRuntime;
import io.meshgate.kernel.routing.Router;
import io.meshgate.kernel.tls.PassthroughTable;
import io.meshgate.kernel.tls.ServerTlsContexts;
import io.meshgate.kernel.tunnel.TunnelListenerRuntime;
import io.meshgate.kernel.upstream.HostResolver;
import io.meshgate.kernel.upstream.UpstreamCluster;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * A {@link ProxyConfig} compiled for serving: routers with their filters, TLS contexts, passthrough
 * tables, mesh listeners (whose HTTP destination rules are served as HTTP listeners named
 * {@code <listener>/<rule>}), tunnel listeners (the egress gateway's rules and TLS) and upstream clusters. Built off the event loops before a swap, so a config that does not
 * compile (bad regex, bad PEM) is refused whole and the running one stays.
 */
public final class RuntimeSnapshot implements HttpSnapshot {

    private final ProxyConfig config;
    private final Map<String, HttpListenerRuntime> httpListeners;
    private final Map<String, TcpListener> tcpListeners;
    private final Map<String, MeshListenerRuntime> meshListeners;
    private final Map<String, UpstreamCluster> clusters;
    private final Map<String, DnsZone> dnsZones;
    private final Map<String, TunnelListenerRuntime> tunnelListeners;

    private RuntimeSnapshot(ProxyConfig config, Map<String, HttpListenerRuntime> httpListeners,
                            Map<String, TcpListener> tcpListeners, Map<String, MeshListenerRuntime> meshListeners,
                            Map<String, UpstreamCluster> clusters, Map<String, DnsZone> dnsZones,
                            Map<String, TunnelListenerRuntime> tunnelListeners) {
        this.config = config;
        this.httpListeners = httpListeners;
        this.tcpListeners = tcpListeners;
        this.meshListeners = meshListeners;
        this.clusters = clusters;
        this.dnsZones = dnsZones;
        this.tunnelListeners = tunnelListeners;
    }

    /**
     * Compiles {@code config}; endpoint state (in-flight counts) of clusters that also exist in
     * {@code previous} carries over so least-work balancing stays accurate across swaps.
     *
     * @throws IllegalArgumentException with a clear message when something does not compile
     */
    public static RuntimeSnapshot compile(ProxyConfig config, RuntimeSnapshot previous, FilterRegistry filters) {
        return compile(config, previous, filters, HostResolver.SYSTEM);
    }

    /** Like {@link #compile(ProxyConfig, RuntimeSnapshot, FilterRegistry)}, resolving host-name endpoints with {@code hosts}. */
    public static RuntimeSnapshot compile(ProxyConfig config, RuntimeSnapshot previous, FilterRegistry filters,
                                          HostResolver hosts) {
        Map<String, UpstreamCluster> clusters = new HashMap<>();
        for (var cluster : config.clusters()) {
            UpstreamCluster old = previous == null ? null : previous.clusters.get(cluster.name());
            clusters.put(cluster.name(), UpstreamCluster.compile(cluster, old, hosts));
        }
        Map<String, HttpListenerRuntime> http = new HashMap<>();
        Map<String, TcpListener> tcp = new HashMap<>();
        Map<String, MeshListenerRuntime> mesh = new HashMap<>();
        Map<String, HttpListenerRuntime> meshHttp = new HashMap<>();
        Map<String, DnsZone> dns = new HashMap<>();
        Map<String, TunnelListenerRuntime> tunnels = new HashMap<>();
        for (Listener listener : config.listeners()) {
            switch (listener) {
                case HttpListener h -> {
                    try {
                        Router router = Router.compile(h.virtualHosts(), filters);
                        ServerTlsContexts tls = h.tls() == null ? null
                                : ServerTlsContexts.build(h.tls(), h.settings().http2());
                        PassthroughTable table = PassthroughTable.compile(h.passthrough(), h.globalPassthrough());
                        http.put(h.name(), new HttpListenerRuntime(h, router, tls, table));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("listener " + h.name() + ": " + e.getMessage(), e);
                    }
                }
                case TcpListener t -> tcp.put(t.name(), t);
                case MeshListener m -> {
                    try {
                        UpstreamCluster via = m.unmatchedCluster() == null ? null : clusters.get(m.unmatchedCluster());
                        if (via != null && !via.connectsToOriginalDestination()) {
                            throw new IllegalArgumentException("unmatched cluster " + m.unmatchedCluster()
                                    + " has endpoints: unmatched connections go to their original destination,"
                                    + " so it must be an original-destination cluster");
                        }
                        MeshListenerRuntime compiled = MeshListenerRuntime.compile(m, filters);
                        mesh.put(m.name(), compiled);
                        compiled.httpRules().forEach(r -> meshHttp.put(r.config().name(), r));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("listener " + m.name() + ": " + e.getMessage(), e);
                    }
                }
                case io.meshgate.config.DnsListener d -> dns.put(d.name(), DnsZone.compile(d));
                case io.meshgate.config.TunnelListener t -> {
                    try {
                        tunnels.put(t.name(), TunnelListenerRuntime.compile(t));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("listener " + t.name() + ": " + e.getMessage(), e);
                    }
                }
            }
        }
        for (var rule : meshHttp.entrySet()) {
            // served by name next to the HTTP listeners: a listener named like "<mesh>/<rule>" would shadow it
            if (http.putIfAbsent(rule.getKey(), rule.getValue()) != null) {
                throw new IllegalArgumentException("listener " + rule.getKey()
                        + ": the name of an HTTP listener equals a mesh listener's \"<listener>/<rule>\" name");
            }
        }
        return new RuntimeSnapshot(config, frozen(http), frozen(tcp), frozen(mesh), frozen(clusters), frozen(dns),
                frozen(tunnels));
    }

    /**
     * A read-only copy of one map class whatever its size. {@code Map.copyOf} picks a class by size (one entry,
     * several, none), and the JIT compiles a lookup for the class it has seen: code compiled while a warm-up
     * kernel with one listener ran would trap out on the first lookup in a real config with two.
     */
    private static <V> Map<String, V> frozen(Map<String, V> entries) {
        return Collections.unmodifiableMap(new HashMap<>(entries));
    }

    public ProxyConfig config() {
        return config;
    }

    /** The HTTP listener named {@code name}, or null when the current config no longer has it. */
    @Override
    public HttpListenerRuntime httpListener(String name) {
        return httpListeners.get(name);
    }

    public TcpListener tcpListener(String name) {
        return tcpListeners.get(name);
    }

    /** The mesh listener named {@code name}, or null when the current config no longer has it. */
    public MeshListenerRuntime meshListener(String name) {
        return meshListeners.get(name);
    }

    @Override
    public UpstreamCluster cluster(String name) {
        return clusters.get(name);
    }

    public Map<String, UpstreamCluster> clusters() {
        return clusters;
    }

    /** The tunnel listener named {@code name}, or null when the current config no longer has it. */
    public TunnelListenerRuntime tunnelListener(String name) {
        return tunnelListeners.get(name);
    }

    /** The records and upstreams of the DNS listener named {@code name}, or null when the config has none of that name. */
    public DnsZone dnsZone(String name) {
        return dnsZones.get(name);
    }
}

package io.meshgate.kernel.runtime;

import io.meshgate.config.HttpListener;
import io.meshgate.config.HttpSettings;
import io.meshgate.config.Listener;
import io.meshgate.config.MeshListener;
import io.meshgate.config.ProxyConfig;
import io.meshgate.config.TcpListener;
import io.meshgate.kernel.mesh.MeshConnections;
import io.meshgate.kernel.dns.DnsServer;
import io.meshgate.kernel.dns.DnsZone;
import io.meshgate.kernel.tcp.TcpProxyFrontend;
import io.meshgate.kernel.transport.Transports;
import io.meshgate.kernel.tunnel.TunnelConnections;
import io.meshgate.kernel.upstream.HostResolver;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The bound server sockets, kept in step with the config: a listener whose name, kind, address and
 * port are unchanged keeps its socket across swaps (its connections pick up the new routes on their
 * next request); new listeners are bound before the swap so a port conflict refuses the config;
 * removed ones stop accepting after the swap while their open connections finish.
 */
public final class ListenerSet {

    private record Bound(Listener config, Channel serverChannel) {
        boolean sameSocket(Listener other) {
            return config.getClass() == other.getClass() && config.address().equals(other.address())
                    && (other.port() == 0 || config.port() == other.port());
        }
    }

    private final EventLoopGroup group;
    private final ProxyRuntime runtime;
    private final PassthroughConnectorImpl connector;
    private final MeshConnections meshConnections;
    private final TunnelConnections tunnelConnections;
    private final ChannelGroup connections = new DefaultChannelGroup("downstream", GlobalEventExecutor.INSTANCE);
    private final Map<String, Bound> bound = new HashMap<>();

    public ListenerSet(EventLoopGroup group, ProxyRuntime runtime) {
        this(group, runtime, HostResolver.SYSTEM);
    }

    /** With the resolver of global-passthrough target names. */
    public ListenerSet(EventLoopGroup group, ProxyRuntime runtime, HostResolver hosts) {
        this.group = group;
        this.runtime = runtime;
        this.connector = new PassthroughConnectorImpl(runtime, hosts);
        this.meshConnections = new MeshConnections(new KernelMeshServices(runtime, connector));
        // tunnel destinations resolve like global-passthrough targets: the kernel's hosts table, then DNS,
        // on virtual threads since the JDK resolver blocks
        this.tunnelConnections = new TunnelConnections(runtime.metrics().registry(), runtime.accessLog(),
                java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor(), hosts::resolveAll);
    }

    /** Binds every listener of {@code config} that has no matching socket yet; all or nothing. */
    public synchronized void bindNew(ProxyConfig config) {
        Map<String, Bound> added = new HashMap<>();
        try {
            for (Listener listener : config.listeners()) {
                Bound existing = bound.get(listener.name());
                if (existing != null && existing.sameSocket(listener)) {
                    continue;
                }
                added.put(listener.name(), new Bound(listener, bind(listener, existing)));
            }
        } catch (RuntimeException e) {
            added.values().forEach(b -> b.serverChannel().close());
            throw e;
        }
        for (var entry : added.entrySet()) {
            Bound old = bound.put(entry.getKey(), entry.getValue());
            if (old != null) {
                old.serverChannel().close();
            }
        }
    }

    /** Stops accepting on listeners that {@code config} no longer has. */
    public synchronized void closeRemoved(ProxyConfig config) {
        var names = config.listeners().stream().map(Listener::name).toList();
        bound.entrySet().removeIf(e -> {
            if (!names.contains(e.getKey())) {
                e.getValue().serverChannel().close();
                return true;
            }
            return false;
        });
    }

    public synchronized int port(String name) {
        Bound b = bound.get(name);
        if (b == null) {
            throw new IllegalArgumentException("no listener " + name);
        }
        return ((InetSocketAddress) b.serverChannel().localAddress()).getPort();
    }

    public synchronized void stopAccepting() {
        bound.values().forEach(b -> b.serverChannel().close().syncUninterruptibly());
        bound.clear();
    }

    public void closeConnections() {
        connections.close().awaitUninterruptibly();
    }

    private Channel bind(Listener listener, Bound replacing) {
        int port = listener.port();
        if (replacing != null && replacing.config().port() == port && port != 0) {
            // same port, different settings of the socket itself: free it first
            replacing.serverChannel().close().syncUninterruptibly();
        }
        if (listener instanceof io.meshgate.config.DnsListener d) {
            // UDP: one datagram socket and no accepted connections; each query reads the current snapshot's
            // records. Bound before the swap, it serves its own records until the config carrying it is in;
            // after a swap that removed it (its socket about to close) it answers nothing
            RuntimeSnapshot before = runtime.snapshot();
            DnsZone boundWith = DnsZone.compile(d);
            return DnsServer.bind(group, d, () -> {
                RuntimeSnapshot current = runtime.snapshot();
                return current == before ? boundWith : current.dnsZone(d.name());
            }, runtime.metrics().registry());
        }
        ConnectionCounter counter = new ConnectionCounter(listener.name(), runtime.metrics(), connections);
        ChannelHandler child = switch (listener) {
            case HttpListener h -> new ListenerInitializer(h.name(), runtime, counter, connector);
            case TcpListener t -> new ChannelInitializer<>() {
                @Override
                protected void initChannel(Channel ch) {
                    // TCP listeners have no HttpSettings: the HTTP default cap applies
                    if (!counter.admit(ch, HttpSettings.DEFAULT_MAX_CONNECTIONS)) {
                        return;
                    }
                    TcpListener current = Objects.requireNonNullElse(runtime.snapshot().tcpListener(t.name()), t);
                    ch.pipeline().addLast("tcp-proxy", new TcpProxyFrontend(
                            downstream -> connector.connectToCluster(current.cluster(), downstream),
                            current.idleTimeout()));
                }
            };
            case MeshListener m -> new SnapshotListenerInitializer<>(runtime, counter, s -> s.meshListener(m.name()),
                    mesh -> mesh.config().settings().connectionLimit(), meshConnections::accept);
            // refused when the snapshot is compiled, so never bound
            case io.meshgate.config.DnsListener d -> throw new IllegalStateException("bound over UDP above");
            // tunnel listeners have no settings: the HTTP default cap applies, as for TCP listeners
            case io.meshgate.config.TunnelListener t -> new SnapshotListenerInitializer<>(runtime, counter,
                    s -> s.tunnelListener(t.name()), tunnel -> HttpSettings.DEFAULT_MAX_CONNECTIONS,
                    tunnelConnections::accept);
        };
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(Transports.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(child);
        try {
            return bootstrap.bind(listener.address(), port).syncUninterruptibly().channel();
        } catch (Exception e) {
            throw new IllegalArgumentException("listener " + listener.name() + ": cannot bind "
                    + listener.address() + ":" + port + ": " + e.getMessage(), e);
        }
    }
}

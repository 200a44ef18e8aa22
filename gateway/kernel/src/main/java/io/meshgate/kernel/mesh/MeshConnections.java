package io.meshgate.kernel.mesh;

import io.meshgate.config.HttpSettings;
import io.meshgate.config.MeshListener;
import io.meshgate.kernel.tls.MeshServerTls;
import io.meshgate.kernel.transparent.OriginalDestination;
import io.meshgate.kernel.transparent.OriginalDestinationException;
import io.meshgate.kernel.upstream.UpstreamCluster;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.ApplicationProtocolNames;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sets up each connection a mesh listener accepts, from the listener's compiled form at accept time:
 * <ol>
 *   <li>read the original destination; a connection that has none (not redirected, or a transport
 *       that cannot ask) or whose original destination is the listener itself is refused;</li>
 *   <li>pick the first destination rule that selects it; when that rule selects by TLS server name
 *       (HTTPS egress), read the ClientHello first ({@link ServerNameReader}) and pick the first rule
 *       that selects it and accepts its SNI; with none, relay the bytes to the original destination
 *       ({@code PASSTHROUGH}) or close without an answer ({@code REFUSE});</li>
 *   <li>inbound with mesh TLS: a first byte of 0x16 is terminated with the workload's certificate (the
 *       peer is known by its verified certificate), anything else is plaintext without a principal;</li>
 *   <li>inbound, a peer without a verified certificate that no grant of the rule admits (a stranger:
 *       not a mesh peer, not a source any policy names) is reset after its first bytes, as FSM's sidecar
 *       resets addresses outside its allowed endpoints (curl exit 56);</li>
 *   <li>serve the rule: TCP rules check access once and relay to their cluster (an original-destination
 *       cluster: to the original destination, directly or through its egress tunnel); HTTP rules run the
 *       HTTP proxy under the rule's own listener name, and access is checked per request.</li>
 * </ol>
 */
public final class MeshConnections {
    private static final System.Logger LOG = System.getLogger(MeshConnections.class.getName());

    /** Relayed mesh connections without a byte either way for this long are closed (TcpListener's default). */
    static final Duration TCP_IDLE_TIMEOUT = Duration.ofHours(1);
    /** How long an inbound client may take to send its first byte (a ClientHello or a request). */
    static final Duration FIRST_BYTE_TIMEOUT = Duration.ofSeconds(10);
    /**
     * How long an inbound server-first connection waits for a TLS ClientHello before it is served as
     * plaintext: a mesh peer's sidecar sends its ClientHello at once, a plaintext client of a
     * server-first protocol sends nothing until greeted.
     */
    static final Duration SERVER_FIRST_TLS_WAIT = Duration.ofMillis(500);

    /** The transport cannot read original destinations: said once as a warning, then at debug level. */
    private static final AtomicBoolean TRANSPORT_WARNED = new AtomicBoolean();

    static final String NO_ORIGINAL_DESTINATION = "no original destination";
    static final String NOT_REDIRECTED = "not redirected";
    static final String NO_RULE = "no destination rule";

    private final MeshServices services;
    private final MeshEvents events;

    public MeshConnections(MeshServices services) {
        this.services = services;
        this.events = new MeshEvents(services.metrics(), services.accessLog());
    }

    /** Installs the handlers of the accepted connection {@code ch} (call from its initializer). */
    public void accept(Channel ch, MeshListenerRuntime mesh) {
        String listener = mesh.config().name();
        InetSocketAddress original;
        try {
            original = services.originalDestination(ch);
        } catch (OriginalDestinationException e) {
            // a transport that cannot ask fails every connection: say so loudly once, not per connection
            boolean first = e.transportUnsupported() && TRANSPORT_WARNED.compareAndSet(false, true);
            LOG.log(first ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG,
                    () -> "mesh listener " + listener + ": " + e.getMessage());
            refuse(ch, listener, NO_ORIGINAL_DESTINATION, null, e.getMessage());
            return;
        }
        if (OriginalDestination.isLocal(original, ch.localAddress())) {
            refuse(ch, listener, NOT_REDIRECTED, original,
                    "sent to the listener itself (" + describe(original) + "), not redirected to it");
            return;
        }
        CompiledRule first = mesh.select(original);
        if (first != null && first.hasServerNames()) {
            // HTTPS egress: which rule serves depends on the server name; a rule without server names
            // that comes first is served at once (a server-first protocol's client sends nothing)
            ch.pipeline().addLast("mesh-sni", new ServerNameReader(FIRST_BYTE_TIMEOUT, new ServerNameReader.Next() {
                @Override
                public void install(ChannelHandlerContext ctx, String sni) {
                    dispatch(ctx.channel(), mesh, mesh.select(original, sni), original, sni);
                }

                @Override
                public void failed(ChannelHandlerContext ctx, Throwable cause) {
                    events.unserved(listener, ctx.channel(), NO_RULE, original, "no destination rule for "
                            + describe(original) + ": the first bytes are no readable TLS ClientHello ("
                            + cause.getMessage() + ")");
                }
            }));
            return;
        }
        dispatch(ch, mesh, first, original, null);
    }

    /**
     * Serves {@code ch} by {@code rule} or, when null, as the listener serves unmatched connections.
     *
     * @param sni the TLS server name read to choose the rule, or null
     */
    private void dispatch(Channel ch, MeshListenerRuntime mesh, CompiledRule rule, InetSocketAddress original,
                          String sni) {
        String listener = mesh.config().name();
        if (rule == null) {
            if (mesh.config().unmatched() == MeshListener.UnmatchedDestination.PASSTHROUGH) {
                String via = mesh.config().unmatchedCluster();
                UpstreamCluster upstream = via == null ? null : services.cluster(via);
                if (upstream != null) {
                    // through an original-destination cluster: the egress gateway's tunnel (checked at compile)
                    ch.pipeline().addLast("mesh-passthrough", new RelayStarter(
                            downstream -> services.connectToOriginalDestination(upstream, original, sni, downstream),
                            TCP_IDLE_TIMEOUT, "cluster " + via + " at " + describe(original),
                            cause -> events.upstreamFailed(listener, "unmatched", via, ch, original, cause)));
                    return;
                }
                ch.pipeline().addLast("mesh-passthrough", new RelayStarter(
                        downstream -> services.connectToAddress(original, downstream), TCP_IDLE_TIMEOUT,
                        describe(original)));
                return;
            }
            refuse(ch, listener, NO_RULE, original, "no destination rule for " + describe(original)
                    + (sni == null ? "" : " with server name " + sni));
            return;
        }
        if (!rule.admitConnection()) {
            // over the rule's connection rate limit: reset at once, before TLS or any byte is read,
            // as Envoy's local_ratelimit network filter closes it (the client reads "connection reset")
            events.rateLimited(listener, rule.name(), rule.cluster(), ch, original);
            RefusingHandler.resetNow(ch);
            return;
        }
        MeshServerTls tls = mesh.tls();
        if (tls == null) {
            serve(ch, mesh, rule, original, false, null, sni);
            return;
        }
        ch.pipeline().addLast("mesh-tls-sniff", new TlsSniffer(
                rule.serverFirst() ? SERVER_FIRST_TLS_WAIT : FIRST_BYTE_TIMEOUT, rule.serverFirst(),
                (ctx, isTls) -> {
                    if (isTls) {
                        terminate(ctx, tls, mesh, rule, original);
                    } else {
                        serve(ctx.channel(), mesh, rule, original, false, null, sni);
                    }
                }));
    }

    private void terminate(ChannelHandlerContext ctx, MeshServerTls tls, MeshListenerRuntime mesh, CompiledRule rule,
                           InetSocketAddress original) {
        tls.terminate(ctx.pipeline(), ctx.name(), rule.isHttp(),
                (channel, alpn) -> serve(channel, mesh, rule, original, true, alpn, null));
    }

    /**
     * Installs the rule's handlers on {@code ch}, whose peer is now known (TLS done, or plaintext).
     *
     * @param alpn the protocol the TLS handshake chose, null on plaintext
     * @param sni  the server name read to choose the rule (outbound), or null
     */
    private void serve(Channel ch, MeshListenerRuntime mesh, CompiledRule rule, InetSocketAddress original,
                       boolean secure, String alpn, String sni) {
        String listener = mesh.config().name();
        Peer peer = Peer.of(ch);
        ch.attr(Peer.ATTRIBUTE).set(peer);
        // strangers exist only inbound: outbound, the peer is the workload's own application, whose
        // denied connections end in order (an empty reply) like unserved destinations
        if (mesh.config().direction() == MeshListener.Direction.INBOUND
                && rule.access() != null && rule.access().stranger(peer)) {
            events.denied(listener, rule.name(), rule.cluster(), ch, original, peer,
                    rule.access().admitConnection(peer));
            ch.pipeline().addLast("mesh-refuse", RefusingHandler.of(rule.serverFirst(), true));
            return;
        }
        if (!rule.isHttp()) {
            String denial = rule.access() == null ? null : rule.access().admitConnection(peer);
            if (denial != null) {
                events.denied(listener, rule.name(), rule.cluster(), ch, original, peer, denial);
                // a mesh peer not granted: an orderly end after the client's first bytes, as for an
                // unserved destination; the client sees an empty reply (curl exit 52), not a reset. A server-first
                // client sends nothing first: it gets that end at once
                ch.pipeline().addLast("mesh-refuse", RefusingHandler.of(rule.serverFirst(), false));
                return;
            }
            String cluster = rule.cluster();
            UpstreamCluster upstream = services.cluster(cluster);
            if (upstream != null && upstream.connectsToOriginalDestination()) {
                ch.pipeline().addLast("mesh-relay", new RelayStarter(
                        downstream -> services.connectToOriginalDestination(upstream, original, sni, downstream),
                        TCP_IDLE_TIMEOUT, "cluster " + cluster + " at " + describe(original),
                        cause -> events.upstreamFailed(listener, rule.name(), cluster, ch, original, cause)));
                return;
            }
            ch.pipeline().addLast("mesh-relay", new RelayStarter(
                    downstream -> services.connectToCluster(cluster, downstream), TCP_IDLE_TIMEOUT, "cluster " + cluster));
            return;
        }
        // an original-destination cluster sends each request where the connection was going
        ch.attr(OriginalDestination.ATTRIBUTE).set(original);
        String httpListener = rule.http().config().name();
        HttpSettings settings = rule.http().config().settings();
        if (secure) {
            if (ApplicationProtocolNames.HTTP_2.equals(alpn)) {
                services.http().installHttp2(ch, httpListener, settings, true);
            } else {
                services.http().installHttp1(ch, httpListener, settings, true);
            }
        } else if (settings.http2()) {
            services.http().installCleartextDetection(ch, httpListener, settings);
        } else {
            services.http().installHttp1(ch, httpListener, settings, false);
        }
    }

    private void refuse(Channel ch, String listener, String reason, InetSocketAddress original, String detail) {
        events.unserved(listener, ch, reason, original, detail);
        ch.pipeline().addLast("mesh-refuse", new RefusingHandler());
    }

    private static String describe(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}

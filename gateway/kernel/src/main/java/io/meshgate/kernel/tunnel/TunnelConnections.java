package io.meshgate.kernel.tunnel;

import io.meshgate.config.TunnelMode;
import io.meshgate.kernel.observe.AccessLog;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * Sets up each connection a tunnel listener accepts, from the listener's compiled form at accept time:
 * the record that becomes its access-log line; with mesh TLS the handshake, which must verify a client
 * certificate, before anything else; then the protocol of the listener's mode ({@link ConnectFrontend},
 * {@link Socks5Frontend}). One instance per kernel: its meters are the kernel's.
 */
public final class TunnelConnections {
    private static final System.Logger LOG = System.getLogger(TunnelConnections.class.getName());

    /** How long a caller may take to send its complete request once it can (after TLS). */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final TunnelMetrics metrics;
    private final AccessLog accessLog;
    private final TunnelOpener opener;

    /**
     * @param resolverExecutor where blocking name lookups run
     * @param resolver         the kernel's name resolution (its hosts table, then DNS)
     */
    public TunnelConnections(MeterRegistry registry, AccessLog accessLog, Executor resolverExecutor,
                             TunnelResolver resolver) {
        this.metrics = new TunnelMetrics(registry);
        this.accessLog = accessLog;
        this.opener = new TunnelOpener(new TunnelConnector(resolverExecutor, resolver));
    }

    /** Installs the handlers of the accepted connection {@code ch} (call from its initializer). */
    public void accept(Channel ch, TunnelListenerRuntime listener) {
        String name = listener.config().name();
        TunnelMode mode = listener.config().mode();
        TunnelRecord record = new TunnelRecord(name, mode, ch.remoteAddress(), metrics, accessLog);
        ch.closeFuture().addListener(f -> record.closed());
        TunnelSession session = new TunnelSession(ch, listener, opener, record);
        ChannelPipeline pipeline = ch.pipeline();
        pipeline.addLast("tunnel-first-byte", new FirstByteMark(record));
        TunnelServerTls tls = listener.tls();
        if (tls == null) {
            InetSocketAddress address = ch.remoteAddress() instanceof InetSocketAddress a ? a : null;
            session.caller(Caller.anonymous(address));
            installProtocol(pipeline, mode, session);
            return;
        }
        tls.install(pipeline, caller -> {
            session.caller(caller);
            installProtocol(pipeline, mode, session);
        }, cause -> {
            LOG.log(System.Logger.Level.DEBUG, () -> "tunnel listener " + name + ": TLS handshake with "
                    + ch.remoteAddress() + " failed: " + cause);
            if (record.sawBytes()) {
                // a probe that connected and left is no failed handshake
                record.rejected(0, TunnelRecord.HANDSHAKE_FAILED, String.valueOf(cause.getMessage()));
            }
        });
    }

    private static void installProtocol(ChannelPipeline pipeline, TunnelMode mode, TunnelSession session) {
        switch (mode) {
            case CONNECT -> ConnectFrontend.install(pipeline, session, REQUEST_TIMEOUT);
            case SOCKS5 -> pipeline.addLast("socks5", new Socks5Frontend(session, REQUEST_TIMEOUT));
        }
    }
}

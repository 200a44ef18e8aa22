package io.meshgate.kernel.tunnel;

import io.meshgate.config.MeshTls;
import io.meshgate.config.pem.Pem;
import io.meshgate.kernel.tls.ClientChainTrustManager;
import io.meshgate.kernel.tls.ServerTlsContexts;
import io.meshgate.kernel.tls.TlsDispatchSettings;
import io.meshgate.kernel.tls.TlsPolicy;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;

/**
 * TLS on a tunnel listener with the gateway's mesh certificate: unlike a sidecar's inbound listener
 * ({@code tls.MeshServerTls}, which asks for a client certificate and serves peers without one), the
 * gateway requires one: a caller without a certificate that chains to the mesh CA fails the
 * handshake, so every tunnel has a verified principal. Chains are checked by the mesh listeners' own
 * {@link ClientChainTrustManager} (the mesh CA, at most one intermediate); no ALPN, the tunnel carries
 * bytes. Built when a config is applied, never on an event loop; shared by the listener's connections.
 */
final class TunnelServerTls {
    /** Intermediate CAs allowed between a caller's certificate and the mesh CA, as on the mesh listeners. */
    static final int MAX_DEPTH = 1;

    private final SslContext context;
    private final Duration handshakeTimeout;

    private TunnelServerTls(SslContext context, Duration handshakeTimeout) {
        this.context = context;
        this.handshakeTimeout = handshakeTimeout;
    }

    static TunnelServerTls build(MeshTls tls) {
        return build(tls, TlsPolicy.provider(), TlsDispatchSettings.DEFAULTS.handshakeTimeout());
    }

    /** @throws IllegalArgumentException when a PEM does not parse or the key does not match the certificate */
    static TunnelServerTls build(MeshTls tls, SslProvider provider, Duration handshakeTimeout) {
        List<X509Certificate> chain;
        PrivateKey key;
        List<X509Certificate> cas;
        try {
            chain = Pem.certificates(tls.certificateChainPem());
            key = Pem.privateKey(tls.privateKey().pem());
            cas = Pem.certificates(tls.trustedCaPem());
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("the certificate chain holds no certificate");
            }
            if (cas.isEmpty()) {
                throw new IllegalArgumentException("the trusted CA bundle holds no certificate");
            }
            ServerTlsContexts.requireMatchingKey(key, chain.getFirst());
            SslContext context = SslContextBuilder.forServer(key, chain)
                    .sslProvider(provider)
                    .protocols(TlsPolicy.PROTOCOLS)
                    .ciphers(TlsPolicy.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                    .applicationProtocolConfig(ApplicationProtocolConfig.DISABLED)
                    .trustManager(new ClientChainTrustManager(cas, MAX_DEPTH))
                    .clientAuth(ClientAuth.REQUIRE)
                    .build();
            return new TunnelServerTls(context, handshakeTimeout);
        } catch (IllegalArgumentException | SSLException e) {
            throw new IllegalArgumentException("tunnel TLS: " + e.getMessage(), e);
        }
    }

    /**
     * Adds TLS termination first in {@code pipeline}: the {@link SslHandler}, then a handler that, once
     * the handshake succeeded, records the verified certificate and calls {@code verified} with the
     * caller; a failed handshake calls {@code failed} and closes the connection.
     */
    void install(ChannelPipeline pipeline, Consumer<Caller> verified, Consumer<Throwable> failed) {
        SslHandler ssl = context.newHandler(pipeline.channel().alloc());
        ssl.setHandshakeTimeoutMillis(handshakeTimeout.toMillis());
        pipeline.addLast("tls", ssl);
        pipeline.addLast("tls-handshake", new TunnelHandshake(ssl, verified, failed));
    }
}

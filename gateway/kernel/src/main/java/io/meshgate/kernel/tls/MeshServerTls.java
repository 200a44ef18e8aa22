package io.meshgate.kernel.tls;

import io.meshgate.config.MeshTls;
import io.meshgate.config.pem.Pem;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
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
import javax.net.ssl.SSLException;

/**
 * TLS termination on an inbound mesh listener with the workload's own certificate ({@link MeshTls}).
 * A client certificate is asked for, never required: a peer that sends one must chain to the mesh
 * CA (or the handshake fails) and is then identified by it; a peer that sends none is served without
 * an identity, and the destination rule's access decides what that peer may do.
 *
 * <p>Two contexts: HTTP rules offer ALPN ({@code h2} when the listener allows HTTP/2, and
 * {@code http/1.1}); TCP rules offer none, so nothing about the relayed bytes is negotiated. Built
 * when a config is applied, never on an event loop; immutable and shared by the listener's connections.
 */
public final class MeshServerTls {
    /**
     * Intermediate CAs allowed between a peer's certificate and the mesh CA: the mesh CA signs
     * workload certificates itself, one intermediate leaves room for a CA that delegates.
     */
    static final int MAX_DEPTH = 1;

    private final SslContext http;
    private final SslContext raw;
    private final Duration handshakeTimeout;

    private MeshServerTls(SslContext http, SslContext raw, Duration handshakeTimeout) {
        this.http = http;
        this.raw = raw;
        this.handshakeTimeout = handshakeTimeout;
    }

    /** Builds with {@link TlsPolicy#provider()} and the default handshake timeout. */
    public static MeshServerTls build(MeshTls tls, boolean offerH2) {
        return build(tls, offerH2, TlsPolicy.provider(), TlsDispatchSettings.DEFAULTS.handshakeTimeout());
    }

    /**
     * @throws IllegalArgumentException when a PEM does not parse or the key does not match the certificate
     */
    public static MeshServerTls build(MeshTls tls, boolean offerH2, SslProvider provider, Duration handshakeTimeout) {
        List<X509Certificate> chain;
        PrivateKey key;
        List<X509Certificate> cas;
        try {
            chain = Pem.certificates(tls.certificateChainPem());
            key = Pem.privateKey(tls.privateKey().pem());
            cas = Pem.certificates(tls.trustedCaPem());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mesh TLS: " + e.getMessage(), e);
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("mesh TLS: the certificate chain holds no certificate");
        }
        try {
            ServerTlsContexts.requireMatchingKey(key, chain.getFirst());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mesh TLS: " + e.getMessage(), e);
        }
        ClientChainTrustManager peers = new ClientChainTrustManager(cas, MAX_DEPTH);
        List<String> httpProtocols = offerH2
                ? List.of(ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1)
                : List.of(ApplicationProtocolNames.HTTP_1_1);
        ApplicationProtocolConfig alpn = new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, httpProtocols);
        return new MeshServerTls(
                context(chain, key, peers, provider, alpn),
                context(chain, key, peers, provider, ApplicationProtocolConfig.DISABLED),
                handshakeTimeout);
    }

    private static SslContext context(List<X509Certificate> chain, PrivateKey key, ClientChainTrustManager peers,
                                      SslProvider provider, ApplicationProtocolConfig alpn) {
        try {
            return SslContextBuilder.forServer(key, chain)
                    .sslProvider(provider)
                    .protocols(TlsPolicy.PROTOCOLS)
                    .ciphers(TlsPolicy.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                    .applicationProtocolConfig(alpn)
                    .trustManager(peers)
                    .clientAuth(ClientAuth.OPTIONAL)
                    .build();
        } catch (SSLException e) {
            throw new IllegalArgumentException("mesh TLS: " + e.getMessage(), e);
        }
    }

    /**
     * Adds TLS termination after the handler named {@code after}: the {@link SslHandler}, then a handler
     * that, once the handshake succeeded, records {@link TlsAttributes} (the verified peer certificate)
     * and calls {@code installer}; a failed handshake closes the connection. Bytes that reach the
     * pipeline later (the caller's buffered ClientHello) go through the new handlers.
     *
     * @param forHttp true for HTTP rules (ALPN offered), false for relayed TCP
     */
    public void terminate(ChannelPipeline pipeline, String after, boolean forHttp, HttpPipelineInstaller installer) {
        SslHandler ssl = (forHttp ? http : raw).newHandler(pipeline.channel().alloc());
        ssl.setHandshakeTimeoutMillis(handshakeTimeout.toMillis());
        // the completion handler goes in first, so it is in place before any byte reaches the SslHandler
        pipeline.addAfter(after, "tls-handshake", new HandshakeCompletionHandler(ssl, null, installer));
        pipeline.addAfter(after, "tls", ssl);
    }
}

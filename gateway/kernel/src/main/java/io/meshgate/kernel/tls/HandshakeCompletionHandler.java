package io.meshgate.kernel.tls;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.security.cert.X509Certificate;

/**
 * The {@link HandshakeGate} of HTTP listeners. On success it records {@link TlsAttributes}, lets the
 * {@link HttpPipelineInstaller} add the HTTP handlers, and removes itself, passing on any bytes decrypted
 * in the meantime. On failure it closes the connection: no
 * HTTP response is ever written on a connection whose handshake failed.
 */
final class HandshakeCompletionHandler extends HandshakeGate {
    private static final System.Logger LOG = System.getLogger(HandshakeCompletionHandler.class.getName());

    private final String sni;
    private final HttpPipelineInstaller installer;

    HandshakeCompletionHandler(SslHandler ssl, String sni, HttpPipelineInstaller installer) {
        super(ssl);
        this.sni = sni;
        this.installer = installer;
    }

    @Override
    protected void handshakeEnded(ChannelHandlerContext ctx, SslHandshakeCompletionEvent completion) {
        if (!completion.isSuccess()) {
            LOG.log(System.Logger.Level.DEBUG, () -> "TLS handshake failed (sni=" + sni + "): " + completion.cause());
            ctx.close();
            return;
        }
        Channel ch = ctx.channel();
        X509Certificate client = peerCertificate();
        ch.attr(TlsAttributes.SNI).set(sni);
        ch.attr(TlsAttributes.CLIENT_CERTIFICATE).set(client);
        ch.attr(TlsAttributes.PEER_VERIFIED).set(client != null);
        String alpn = ssl.applicationProtocol();
        try {
            installer.install(ch, alpn != null ? alpn : ApplicationProtocolNames.HTTP_1_1);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "HTTP pipeline installer failed; closing the connection", e);
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(completion);
        ctx.pipeline().remove(this);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // handshake-phase errors: not TLS at all, bad record, alert from the client
        LOG.log(System.Logger.Level.DEBUG, () -> "TLS connection failed before the handshake completed: " + cause);
        ctx.close();
    }
}

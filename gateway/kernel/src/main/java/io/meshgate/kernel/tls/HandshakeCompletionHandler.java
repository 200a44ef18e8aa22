package io.meshgate.kernel.tls;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Sits right after the {@link SslHandler} until the handshake ends. On success it records
 * {@link TlsAttributes}, lets the {@link HttpPipelineInstaller} add the HTTP handlers, and removes
 * itself, passing on any bytes decrypted in the meantime. On failure it closes the connection: no
 * HTTP response is ever written on a connection whose handshake failed.
 */
final class HandshakeCompletionHandler extends ChannelInboundHandlerAdapter {
    private static final System.Logger LOG = System.getLogger(HandshakeCompletionHandler.class.getName());

    private final SslHandler ssl;
    private final String sni;
    private final HttpPipelineInstaller installer;
    private final List<Object> early = new ArrayList<>(2);

    HandshakeCompletionHandler(SslHandler ssl, String sni, HttpPipelineInstaller installer) {
        this.ssl = ssl;
        this.sni = sni;
        this.installer = installer;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        // nothing may reach HTTP code before the handshake is done and the attributes are set
        early.add(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // swallowed until installed: the HTTP handlers get one for the early bytes when we leave
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (!(evt instanceof SslHandshakeCompletionEvent completion)) {
            ctx.fireUserEventTriggered(evt);
            return;
        }
        if (!completion.isSuccess()) {
            LOG.log(System.Logger.Level.DEBUG, () -> "TLS handshake failed (sni=" + sni + "): " + completion.cause());
            ctx.close();
            return;
        }
        Channel ch = ctx.channel();
        X509Certificate client = clientCertificate();
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
        ctx.fireUserEventTriggered(evt);
        ctx.pipeline().remove(this);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        boolean deliver = ctx.channel().isActive();
        for (Object msg : early) {
            if (deliver) {
                ctx.fireChannelRead(msg);
            } else {
                ReferenceCountUtil.release(msg);
            }
        }
        if (deliver && !early.isEmpty()) {
            ctx.fireChannelReadComplete();
        }
        early.clear();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // handshake-phase errors: not TLS at all, bad record, alert from the client
        LOG.log(System.Logger.Level.DEBUG, () -> "TLS connection failed before the handshake completed: " + cause);
        ctx.close();
    }

    private X509Certificate clientCertificate() {
        try {
            Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate leaf ? leaf : null;
        } catch (SSLPeerUnverifiedException e) {
            return null; // no client certificate was asked for or sent
        }
    }
}

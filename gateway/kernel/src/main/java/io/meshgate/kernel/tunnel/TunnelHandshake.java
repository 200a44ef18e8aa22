package io.meshgate.kernel.tunnel;

import io.meshgate.kernel.tls.TlsAttributes;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Sits after a tunnel listener's {@link SslHandler} until the handshake ends. On success it records the
 * verified client certificate ({@link TlsAttributes}), hands the {@link Caller} to the tunnel's protocol
 * handler (installed by the callback) and leaves, passing on bytes decrypted meanwhile. A handshake
 * that failed, or one that somehow ended without a client certificate, closes the connection: nothing
 * of the tunnel protocol is ever read from an unverified caller.
 */
final class TunnelHandshake extends ChannelInboundHandlerAdapter {
    private final SslHandler ssl;
    private final Consumer<Caller> verified;
    private final Consumer<Throwable> failed;
    private final List<Object> early = new ArrayList<>(2);
    private boolean done;

    TunnelHandshake(SslHandler ssl, Consumer<Caller> verified, Consumer<Throwable> failed) {
        this.ssl = ssl;
        this.verified = verified;
        this.failed = failed;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        early.add(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // swallowed: the protocol handler gets one for the early bytes when this handler leaves
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (!(evt instanceof SslHandshakeCompletionEvent completion)) {
            ctx.fireUserEventTriggered(evt);
            return;
        }
        if (done) {
            return;
        }
        done = true;
        if (!completion.isSuccess()) {
            fail(ctx, completion.cause());
            return;
        }
        X509Certificate leaf = clientCertificate();
        if (leaf == null) {
            // REQUIRE makes the handshake fail first; checked again so no provider quirk admits a stranger
            fail(ctx, new SSLPeerUnverifiedException("no client certificate"));
            return;
        }
        ctx.channel().attr(TlsAttributes.CLIENT_CERTIFICATE).set(leaf);
        ctx.channel().attr(TlsAttributes.PEER_VERIFIED).set(true);
        verified.accept(Caller.of(ctx.channel()));
        ctx.pipeline().remove(this);
    }

    private void fail(ChannelHandlerContext ctx, Throwable cause) {
        failed.accept(cause);
        ctx.close();
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
        // not TLS at all, a bad record, an alert from the caller: the completion event follows or the
        // connection simply ends; either way it is closed here
        if (!done) {
            done = true;
            fail(ctx, cause);
        } else {
            ctx.close();
        }
    }

    private X509Certificate clientCertificate() {
        try {
            Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate leaf ? leaf : null;
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }
}

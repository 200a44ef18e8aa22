package io.meshgate.kernel.tls;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Sits right after an {@link SslHandler} until the handshake ends and holds back every byte decrypted
 * meanwhile: nothing reaches the protocol behind it (HTTP, a tunnel's CONNECT or SOCKS5) before the
 * handshake is done and its outcome recorded. A subclass decides on the {@link SslHandshakeCompletionEvent}
 * ({@link #handshakeEnded}) and, when it lets the connection through, removes itself: the held bytes are
 * then passed on, with one read-complete for them. On a closed connection they are released instead.
 */
public abstract class HandshakeGate extends ChannelInboundHandlerAdapter {
    protected final SslHandler ssl;
    private final List<Object> early = new ArrayList<>(2);

    protected HandshakeGate(SslHandler ssl) {
        this.ssl = ssl;
    }

    /**
     * The handshake ended (the event is delivered once per gate); on success install what follows and
     * {@code ctx.pipeline().remove(this)}, on failure close.
     */
    protected abstract void handshakeEnded(ChannelHandlerContext ctx, SslHandshakeCompletionEvent completion);

    @Override
    public final void channelRead(ChannelHandlerContext ctx, Object msg) {
        early.add(msg);
    }

    @Override
    public final void channelReadComplete(ChannelHandlerContext ctx) {
        // swallowed: what follows gets one for the early bytes when this gate leaves
    }

    @Override
    public final void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent completion) {
            handshakeEnded(ctx, completion);
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public final void handlerRemoved(ChannelHandlerContext ctx) {
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

    /** The peer's leaf certificate, or null when none was asked for or sent. */
    protected final X509Certificate peerCertificate() {
        try {
            Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate leaf ? leaf : null;
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }
}

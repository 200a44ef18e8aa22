package io.meshgate.kernel.tunnel;

import io.meshgate.kernel.tls.HandshakeGate;
import io.meshgate.kernel.tls.TlsAttributes;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.security.cert.X509Certificate;
import java.util.function.Consumer;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * The {@link HandshakeGate} of a tunnel listener. On success it records the
 * verified client certificate ({@link TlsAttributes}), hands the {@link Caller} to the tunnel's protocol
 * handler (installed by the callback) and leaves, passing on bytes decrypted meanwhile. A handshake
 * that failed, or one that somehow ended without a client certificate, closes the connection: nothing
 * of the tunnel protocol is ever read from an unverified caller.
 */
final class TunnelHandshake extends HandshakeGate {
    private final Consumer<Caller> verified;
    private final Consumer<Throwable> failed;
    private boolean done;

    TunnelHandshake(SslHandler ssl, Consumer<Caller> verified, Consumer<Throwable> failed) {
        super(ssl);
        this.verified = verified;
        this.failed = failed;
    }

    @Override
    protected void handshakeEnded(ChannelHandlerContext ctx, SslHandshakeCompletionEvent completion) {
        if (done) {
            return;
        }
        done = true;
        if (!completion.isSuccess()) {
            fail(ctx, completion.cause());
            return;
        }
        X509Certificate leaf = peerCertificate();
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
}

package io.meshgate.kernel.tls;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;

/**
 * The tests' stand-in for the HTTP pipeline: it writes one line describing what the TLS layer handed
 * over ({@code sni=a.example.com alpn=h2 client=CN=alice verified=true}) and echoes anything after.
 */
final class InfoInstaller implements HttpPipelineInstaller {

    @Override
    public void install(Channel ch, String alpnProtocol) {
        X509Certificate client = ch.attr(TlsAttributes.CLIENT_CERTIFICATE).get();
        String line = "sni=" + ch.attr(TlsAttributes.SNI).get()
                + " alpn=" + alpnProtocol
                + " client=" + (client == null ? "none" : client.getSubjectX500Principal().getName())
                + " verified=" + ch.attr(TlsAttributes.PEER_VERIFIED).get() + "\n";
        ch.writeAndFlush(Unpooled.copiedBuffer(line, StandardCharsets.US_ASCII));
        ch.pipeline().addLast(new io.netty.channel.ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
                ctx.writeAndFlush(msg);
            }
        });
        if (!ch.config().isAutoRead()) {
            ch.read();
        }
    }
}

package io.meshgate.kernel.tunnel;

import io.meshgate.config.TunnelListener;
import io.meshgate.config.TunnelMode;
import io.meshgate.config.TunnelRule;
import io.meshgate.kernel.observe.AccessLog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A tunnel listener's pipeline on an {@link EmbeddedChannel}: decisions and answers, no sockets (names never resolve). */
final class EmbeddedTunnels {
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final List<String> accessLines = new CopyOnWriteArrayList<>();
    private final TunnelConnections connections = new TunnelConnections(registry, new AccessLog(accessLines::add),
            Runnable::run, host -> {
                throw new UnknownHostException(host + ": no such host in this test");
            });

    EmbeddedChannel open(TunnelMode mode, boolean passthrough, TunnelRule... rules) {
        TunnelListenerRuntime runtime = TunnelListenerRuntime.compile(new TunnelListener("egress", "127.0.0.1", 1080,
                mode, null, List.of(rules), passthrough, null));
        EmbeddedChannel ch = new EmbeddedChannel();
        connections.accept(ch, runtime);
        return ch;
    }

    static ByteBuf ascii(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
    }

    static ByteBuf bytes(int... values) {
        ByteBuf out = Unpooled.buffer(values.length);
        for (int v : values) {
            out.writeByte(v);
        }
        return out;
    }

    /** Everything the channel wrote, as one string (US-ASCII). */
    static String written(EmbeddedChannel ch) {
        StringBuilder out = new StringBuilder();
        ByteBuf buf;
        while ((buf = ch.readOutbound()) != null) {
            out.append(buf.toString(StandardCharsets.US_ASCII));
            buf.release();
        }
        return out.toString();
    }

    /** Everything the channel wrote, as unsigned byte values. */
    static int[] writtenBytes(EmbeddedChannel ch) {
        ByteBuf all = Unpooled.buffer();
        ByteBuf buf;
        while ((buf = ch.readOutbound()) != null) {
            all.writeBytes(buf);
            buf.release();
        }
        int[] out = new int[all.readableBytes()];
        for (int i = 0; i < out.length; i++) {
            out[i] = all.getUnsignedByte(i);
        }
        all.release();
        return out;
    }

    double count(String meter, String reason) {
        var found = registry.find(meter).tag("reason", reason).counter();
        return found == null ? 0 : found.count();
    }
}

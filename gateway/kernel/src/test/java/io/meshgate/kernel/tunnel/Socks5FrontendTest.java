package io.meshgate.kernel.tunnel;

import static io.meshgate.kernel.tunnel.EmbeddedTunnels.bytes;
import static io.meshgate.kernel.tunnel.EmbeddedTunnels.writtenBytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.config.TunnelMode;
import io.meshgate.config.TunnelRule;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class Socks5FrontendTest {
    private static final int[] NO_AUTH_ONLY = {5, 1, 0};
    private static final int[] METHOD_SELECTED = {5, 0};

    private final EmbeddedTunnels tunnels = new EmbeddedTunnels();
    private final TunnelRule onlyPort80 = new TunnelRule("web", Set.of(), List.of(), List.of("203.0.113.0/24"), List.of(80));

    private EmbeddedChannel socks() {
        return tunnels.open(TunnelMode.SOCKS5, false, onlyPort80);
    }

    private static int[] failure(int reply) {
        return new int[] {5, reply, 0, 1, 0, 0, 0, 0, 0, 0};
    }

    private static ByteBuf connectIpv4(int command, int a, int b, int c, int d, int port) {
        return bytes(5, command, 0, 1, a, b, c, d, port >> 8, port & 0xff);
    }

    private static ByteBuf connectDomain(String name, int port) {
        byte[] host = name.getBytes(StandardCharsets.US_ASCII);
        ByteBuf out = Unpooled.buffer().writeByte(5).writeByte(1).writeByte(0).writeByte(3).writeByte(host.length);
        return out.writeBytes(host).writeShort(port);
    }

    @Test
    void aGreetingWithoutNoAuthenticationIsAnsweredFfAndClosed() {
        EmbeddedChannel ch = socks();
        ch.writeInbound(bytes(5, 2, 1, 2)); // GSSAPI, user/password
        assertThat(writtenBytes(ch)).containsExactly(5, 0xff);
        assertThat(ch.isOpen()).isFalse();
        assertThat(tunnels.count(TunnelMetrics.REJECTED, "no_acceptable_socks_method")).isEqualTo(1);
    }

    @Test
    void socks4OrHttpIsClosedWithoutAnAnswer() {
        EmbeddedChannel ch = socks();
        ch.writeInbound(bytes(4, 1, 0, 80, 127, 0, 0, 1, 0));
        assertThat(writtenBytes(ch)).isEmpty();
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void bindAndUdpAssociateAreCommandNotSupported() {
        for (int command : new int[] {2, 3, 9}) {
            EmbeddedChannel ch = socks();
            ch.writeInbound(bytes(NO_AUTH_ONLY));
            assertThat(writtenBytes(ch)).containsExactly(METHOD_SELECTED);
            ch.writeInbound(connectIpv4(command, 203, 0, 113, 5, 80));
            assertThat(writtenBytes(ch)).containsExactly(failure(7));
            assertThat(ch.isOpen()).isFalse();
        }
    }

    @Test
    void anUnknownAddressTypeIs08AndABadHeaderIs01() {
        EmbeddedChannel ch = socks();
        ch.writeInbound(bytes(NO_AUTH_ONLY));
        writtenBytes(ch);
        ch.writeInbound(bytes(5, 1, 0, 9, 1, 2, 3, 4, 0, 80));
        assertThat(writtenBytes(ch)).containsExactly(failure(8));

        ch = socks();
        ch.writeInbound(bytes(NO_AUTH_ONLY));
        writtenBytes(ch);
        ch.writeInbound(bytes(5, 1, 7, 1, 1, 2, 3, 4, 0, 80)); // reserved byte not 0
        assertThat(writtenBytes(ch)).containsExactly(failure(1));

        ch = socks();
        ch.writeInbound(bytes(NO_AUTH_ONLY));
        writtenBytes(ch);
        ch.writeInbound(connectDomain("bad name", 80));
        assertThat(writtenBytes(ch)).containsExactly(failure(1));
        assertThat(tunnels.count(TunnelMetrics.REJECTED, "malformed_request")).isEqualTo(2);
    }

    @Test
    void aRequestNoRuleAllowsIs02EvenWhenItCameWithTheGreeting() {
        EmbeddedChannel ch = socks();
        ByteBuf both = Unpooled.wrappedBuffer(bytes(NO_AUTH_ONLY), connectIpv4(1, 198, 51, 100, 1, 80));
        ch.writeInbound(both);
        int[] answer = writtenBytes(ch);
        assertThat(answer).startsWith(METHOD_SELECTED).endsWith(failure(2));
        assertThat(answer).hasSize(12);
        assertThat(ch.isOpen()).isFalse();
        assertThat(tunnels.count(TunnelMetrics.DENIED, "destination_not_allowed")).isEqualTo(1);
        assertThat(tunnels.accessLines).singleElement().asString().contains("\"protocol\":\"SOCKS5\"")
                .contains("\"authority\":\"198.51.100.1:80\"").contains("\"status\":403").contains("socks5 reply 0x02");
    }

    @Test
    void aRequestByteByByteIsDecidedOnceComplete() {
        EmbeddedChannel ch = socks();
        for (int b : NO_AUTH_ONLY) {
            ch.writeInbound(bytes(b));
        }
        assertThat(writtenBytes(ch)).containsExactly(METHOD_SELECTED);
        ByteBuf request = connectIpv4(1, 203, 0, 113, 9, 8080);
        while (request.isReadable()) {
            ch.writeInbound(request.readRetainedSlice(1));
            if (request.isReadable()) {
                assertThat(writtenBytes(ch)).isEmpty();
            }
        }
        request.release();
        assertThat(writtenBytes(ch)).containsExactly(failure(2)); // port 8080: not allowed
        assertThat(tunnels.count(TunnelMetrics.DENIED, "port_not_allowed")).isEqualTo(1);
    }

    @Test
    void anUnresolvableAllowedNameIs04() {
        EmbeddedChannel ch = tunnels.open(TunnelMode.SOCKS5, false,
                new TunnelRule("by-name", Set.of(), List.of("db.example"), List.of(), List.of()));
        ch.writeInbound(bytes(NO_AUTH_ONLY));
        writtenBytes(ch);
        ch.writeInbound(connectDomain("DB.example", 5432));
        assertThat(writtenBytes(ch)).containsExactly(failure(4));
        assertThat(tunnels.accessLines).singleElement().asString().contains("\"authority\":\"db.example:5432\"")
                .contains("\"route\":\"by-name\"").contains("\"status\":502");
    }
}

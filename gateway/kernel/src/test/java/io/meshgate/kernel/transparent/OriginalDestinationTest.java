package io.meshgate.kernel.transparent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Decoding the socket option's answer, refusing transports that cannot ask, and the native call
 * itself on both native transports (a loopback connection that was not redirected: the Linux kernel
 * answers with an error or, when connection tracking saw it, the connection's own local address).
 * The redirected case is {@code io.meshgate.kernel.mesh.MeshListenerNetnsTest}.
 */
class OriginalDestinationTest {

    private static ByteBuffer sockaddrIn(byte[] ip, int port) {
        ByteBuffer b = ByteBuffer.allocate(OriginalDestination.SOCKADDR_IN_LENGTH);
        b.order(ByteOrder.nativeOrder()).putShort(0, (short) OriginalDestination.AF_INET);
        b.order(ByteOrder.BIG_ENDIAN).putShort(2, (short) port);
        b.put(4, ip);
        return b;
    }

    private static ByteBuffer sockaddrIn6(byte[] ip, int port) {
        ByteBuffer b = ByteBuffer.allocate(OriginalDestination.SOCKADDR_IN6_LENGTH);
        b.order(ByteOrder.nativeOrder()).putShort(0, (short) OriginalDestination.AF_INET6);
        b.order(ByteOrder.BIG_ENDIAN).putShort(2, (short) port);
        b.putInt(4, 0x12345); // flow info: ignored
        b.put(8, ip);
        return b;
    }

    @Test
    void decodesSockaddrIn() throws Exception {
        InetSocketAddress a = OriginalDestination.parse(sockaddrIn(new byte[] {10, 96, 0, 17}, 14001));
        assertThat(a.getAddress().getHostAddress()).isEqualTo("10.96.0.17");
        assertThat(a.getPort()).isEqualTo(14001);
    }

    @Test
    void decodesHighPortsAsUnsigned() throws Exception {
        assertThat(OriginalDestination.parse(sockaddrIn(new byte[] {1, 2, 3, 4}, 65535)).getPort()).isEqualTo(65535);
    }

    @Test
    void decodesSockaddrIn6AndUnmapsIpv4() throws Exception {
        byte[] v6 = InetAddress.getByName("fd00::a:1").getAddress();
        InetSocketAddress a = OriginalDestination.parse(sockaddrIn6(v6, 8080));
        assertThat(a.getAddress()).isEqualTo(InetAddress.getByName("fd00::a:1"));
        assertThat(a.getPort()).isEqualTo(8080);

        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 0, 0, 9};
        assertThat(OriginalDestination.parse(sockaddrIn6(mapped, 80)).getAddress().getHostAddress()).isEqualTo("10.0.0.9");
    }

    @Test
    void refusesUnknownFamiliesAndShortAnswers() {
        ByteBuffer unix = sockaddrIn(new byte[] {1, 2, 3, 4}, 1);
        unix.order(ByteOrder.nativeOrder()).putShort(0, (short) 1);
        assertThatThrownBy(() -> OriginalDestination.parse(unix))
                .isInstanceOf(OriginalDestinationException.class).hasMessageContaining("address family 1");
        ByteBuffer v6Short = sockaddrIn6(new byte[16], 1).limit(20);
        assertThatThrownBy(() -> OriginalDestination.parse(v6Short))
                .isInstanceOf(OriginalDestinationException.class).hasMessageContaining("too short");
    }

    @Test
    void aTransportThatCannotAskIsNamedNotGuessedAt() {
        EmbeddedChannel ch = new EmbeddedChannel();
        assertThatThrownBy(() -> OriginalDestination.read(ch))
                .isInstanceOfSatisfying(OriginalDestinationException.class,
                        e -> assertThat(e.transportUnsupported()).isTrue())
                .hasMessageContaining("io_uring or epoll");
        ch.finishAndReleaseAll();
    }

    @Test
    void theListenerItselfIsLocal() {
        InetSocketAddress local = new InetSocketAddress("127.0.0.1", 15001);
        assertThat(OriginalDestination.isLocal(new InetSocketAddress("127.0.0.1", 15001), local)).isTrue();
        assertThat(OriginalDestination.isLocal(new InetSocketAddress("127.0.0.1", 15002), local)).isFalse();
        assertThat(OriginalDestination.isLocal(new InetSocketAddress("10.96.0.1", 15001), local)).isFalse();
        assertThat(OriginalDestination.isLocal(new InetSocketAddress("10.96.0.1", 15001), null)).isFalse();
    }

    @Test
    void ioUringAsksTheLinuxKernel() throws Exception {
        assumeThat(IoUring.isAvailable()).as("io_uring is not available here").isTrue();
        asksTheLinuxKernel(IoUringIoHandler.newFactory(), IoUringServerSocketChannel.class);
    }

    @Test
    void epollAsksTheLinuxKernel() throws Exception {
        assumeThat(Epoll.isAvailable()).as("epoll is not available here").isTrue();
        asksTheLinuxKernel(EpollIoHandler.newFactory(), EpollServerSocketChannel.class);
    }

    /** Not redirected: an errno from the Linux kernel, or the local address; never "unsupported". */
    private static void asksTheLinuxKernel(IoHandlerFactory factory, Class<? extends ServerChannel> serverChannel)
            throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, factory);
        CompletableFuture<Object> answer = new CompletableFuture<>();
        try {
            Channel server = new ServerBootstrap().group(group).channel(serverChannel)
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            try {
                                InetSocketAddress original = OriginalDestination.read(ch);
                                answer.complete(OriginalDestination.isLocal(original, ch.localAddress()));
                            } catch (OriginalDestinationException e) {
                                answer.complete(e);
                            }
                            ch.close();
                        }
                    }).bind("127.0.0.1", 0).sync().channel();
            try (Socket ignored = new Socket("127.0.0.1", ((InetSocketAddress) server.localAddress()).getPort())) {
                Object result = answer.get(5, TimeUnit.SECONDS);
                if (result instanceof OriginalDestinationException e) {
                    assertThat(e.transportUnsupported()).as(e.getMessage()).isFalse();
                    assertThat(e).hasMessageContaining("getsockopt(SO_ORIGINAL_DST) failed");
                } else {
                    assertThat(result).as("a connection that was not redirected reads as the listener itself").isEqualTo(true);
                }
            } finally {
                server.close().sync();
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}

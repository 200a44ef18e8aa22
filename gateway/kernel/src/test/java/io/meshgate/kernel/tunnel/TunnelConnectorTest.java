package io.meshgate.kernel.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.kernel.transport.Transports;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.Future;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TunnelConnectorTest {
    private final EventLoopGroup group = Transports.newGroup(1, "tunnel-connector-test");
    private final EventLoop loop = group.next();
    private final CountDownLatch never = new CountDownLatch(1);

    @AfterEach
    void stop() {
        never.countDown();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static long in(Duration d) {
        return System.nanoTime() + d.toNanos();
    }

    private static TunnelConnectException failure(Future<?> f) {
        f.awaitUninterruptibly(10, TimeUnit.SECONDS);
        assertThat(f.isDone()).isTrue();
        assertThat(f.cause()).isInstanceOf(TunnelConnectException.class);
        return (TunnelConnectException) f.cause();
    }

    @Test
    void aLookupStillRunningAtTheDeadlineTimesOut() {
        TunnelConnector connector = new TunnelConnector(Executors.newVirtualThreadPerTaskExecutor(), host -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of(InetAddress.getLoopbackAddress());
        });
        long start = System.nanoTime();
        TunnelConnectException e = failure(connector.resolve(loop, "slow.example", in(Duration.ofMillis(200))));
        assertThat(e.kind()).isEqualTo(TunnelConnectException.Kind.TIMEOUT);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void anUnknownNameIsUnresolvedAndAClosedPortRefused() throws Exception {
        TunnelConnector connector = new TunnelConnector(Runnable::run, host -> {
            throw new java.net.UnknownHostException(host);
        });
        assertThat(failure(connector.resolve(loop, "nowhere.example", in(Duration.ofSeconds(5)))).kind())
                .isEqualTo(TunnelConnectException.Kind.UNRESOLVED);
        int closed = TunnelTestKit.closedPort();
        assertThat(failure(connector.connect(loop, List.of(InetAddress.getLoopbackAddress()), closed,
                in(Duration.ofSeconds(5)))).kind()).isEqualTo(TunnelConnectException.Kind.REFUSED);
        assertThat(failure(connector.connect(loop, List.of(InetAddress.getLoopbackAddress()), closed,
                System.nanoTime() - 1)).kind()).isEqualTo(TunnelConnectException.Kind.TIMEOUT);
    }

    @Test
    void theNextAddressIsTriedWhenOneRefuses() throws Exception {
        try (var server = new java.net.ServerSocket(0, 1, InetAddress.getByName("127.0.0.2"))) {
            TunnelConnector connector = new TunnelConnector(Runnable::run, host -> List.of());
            int port = server.getLocalPort();
            // 127.0.0.1 has nothing on that port (the server is bound to 127.0.0.2 only)
            Future<Channel> f = connector.connect(loop, List.of(InetAddress.getByName("127.0.0.1"),
                    InetAddress.getByName("127.0.0.2")), port, in(Duration.ofSeconds(5)));
            assertThat(f.awaitUninterruptibly(10, TimeUnit.SECONDS)).isTrue();
            assertThat(f.isSuccess()).as(String.valueOf(f.cause())).isTrue();
            assertThat(f.getNow().remoteAddress().toString()).contains("127.0.0.2");
            f.getNow().close();
        }
    }
}

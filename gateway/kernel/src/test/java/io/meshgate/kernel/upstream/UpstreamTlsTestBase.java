package io.meshgate.kernel.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.Channel;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;

/**
 * What the upstream TLS tests share: one event loop, a pool on it, the loopback TLS server a test
 * starts, both closed after each test, and the TLS providers to run with (BoringSSL when it loads,
 * and the JDK's).
 */
abstract class UpstreamTlsTestBase {
    final TestLoop t = new TestLoop();
    final UpstreamConnectionPool pool = new UpstreamConnectionPool(t.loop);
    Http1TestServer server;

    static Stream<SslProvider> providers() {
        return OpenSsl.isAvailable() ? Stream.of(SslProvider.OPENSSL, SslProvider.JDK) : Stream.of(SslProvider.JDK);
    }

    /** Acquires a connection to the cluster's first endpoint that must fail, and says why it did. */
    Throwable failureOf(UpstreamCluster c) throws Exception {
        Future<Channel> f = t.call(() -> pool.acquire(c, c.endpoints().get(0)));
        assertThat(f.awaitUninterruptibly(10, TimeUnit.SECONDS)).isTrue();
        assertThat(f.isSuccess()).as("connection should have failed").isFalse();
        return f.cause();
    }

    @AfterEach
    void tearDown() {
        pool.closeAll();
        if (server != null) {
            server.close();
        }
        t.close();
    }
}

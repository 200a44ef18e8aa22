package io.meshgate.kernel.upstream;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
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

    @AfterEach
    void tearDown() {
        pool.closeAll();
        if (server != null) {
            server.close();
        }
        t.close();
    }
}

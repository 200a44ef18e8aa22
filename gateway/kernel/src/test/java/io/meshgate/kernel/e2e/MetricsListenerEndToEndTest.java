package io.meshgate.kernel.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshgate.config.ProxyConfig;
import io.meshgate.kernel.Kernel;
import io.meshgate.kernel.KernelOptions;
import io.meshgate.kernel.observe.MetricsListener;
import io.meshgate.kernel.testing.RawHttp;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The kernel's metrics-only listener: its own meters, nothing of the admin pages, on the admin
 * listener's event loop (no thread more), and closed with the kernel.
 */
class MetricsListenerEndToEndTest {
    private static final String SCRAPE =
            "GET /stats/prometheus HTTP/1.1\r\nHost: 10.0.0.1:15010\r\nConnection: close\r\n\r\n";

    @Test
    void servesTheKernelsMetricsOnTheAdminLoopWithoutAThreadMore() throws IOException {
        try (Kernel kernel = Kernel.start(KernelOptions.defaults().withIoThreads(1).withAdmin("127.0.0.1", 0),
                new ProxyConfig("v1", List.of(), List.of()))) {
            long operatorThreads = operatorThreads();
            try (MetricsListener metrics = kernel.startMetricsListener("127.0.0.1", 0)) {
                RawHttp.Reply reply = RawHttp.send(metrics.port(), SCRAPE);
                assertThat(reply.status()).isEqualTo(200);
                assertThat(reply.text()).contains("meshgate_config_applied_total 1.0");

                RawHttp.Reply dump = RawHttp.send(metrics.port(),
                        "GET /config_dump HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
                assertThat(dump.status()).isEqualTo(404);
                assertThat(operatorThreads()).isEqualTo(operatorThreads);
            }
        }
    }

    @Test
    void withoutAnAdminListenerItGetsTheOperatorLoopAndTheKernelsShutdownClosesIt() throws IOException {
        Kernel kernel = Kernel.start(KernelOptions.defaults().withIoThreads(1),
                new ProxyConfig("v1", List.of(), List.of()));
        MetricsListener metrics;
        try {
            metrics = kernel.startMetricsListener("127.0.0.1", 0);
            assertThat(RawHttp.send(metrics.port(), SCRAPE).status()).isEqualTo(200);
        } finally {
            kernel.close();
        }
        int port = metrics.port();
        try (ServerSocket again = new ServerSocket()) {
            again.setReuseAddress(true);
            again.bind(new InetSocketAddress("127.0.0.1", port));
        }
        metrics.close(); // after the kernel's shutdown: harmless
        assertThatThrownBy(() -> kernel.startMetricsListener("127.0.0.1", 0))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("shut down");
    }

    private static long operatorThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("meshgate-admin")).count();
    }
}

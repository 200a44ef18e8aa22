package io.meshgate.kernel.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.config.DestinationRule;
import io.meshgate.config.DestinationRule.AppProtocol;
import io.meshgate.config.Cluster;
import io.meshgate.config.Endpoint;
import io.meshgate.config.HttpSettings;
import io.meshgate.config.MeshListener;
import io.meshgate.config.ProxyConfig;
import io.meshgate.kernel.Kernel;
import io.meshgate.kernel.KernelOptions;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A kernel binds a mesh listener and serves it through its own wiring (listener set, connection cap,
 * snapshot). Without iptables a connection cannot have been redirected, so whatever rule would
 * match, it is refused: no byte back, an orderly end of stream. The redirected paths are
 * {@code MeshListenerNetnsTest}'s.
 */
class MeshListenerEndToEndTest {

    @Test
    void aConnectionThatWasNotRedirectedGetsAnEmptyReply() throws Exception {
        // unmatched connections would be relayed: only the missing redirect stops this one
        MeshListener mesh = new MeshListener("outbound", "127.0.0.1", 0, MeshListener.Direction.OUTBOUND,
                List.of(new DestinationRule("any", List.of(), 1, AppProtocol.TCP, List.of(), "c", null)),
                MeshListener.UnmatchedDestination.PASSTHROUGH, null, HttpSettings.DEFAULTS);
        ProxyConfig config = new ProxyConfig("v1", List.of(mesh), List.of(Cluster.of("c", List.of(Endpoint.of("127.0.0.1", 1)))));
        try (Kernel kernel = Kernel.start(KernelOptions.defaults().withIoThreads(1), config);
             Socket client = new Socket("127.0.0.1", kernel.port("outbound"))) {
            client.setSoTimeout(10_000);
            client.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = client.getInputStream();
            assertThat(in.read()).isEqualTo(-1);
            assertThat(kernel.metrics().statsLines()).anySatisfy(line -> assertThat(line)
                    .startsWith("meshgate_mesh_connections_unserved_total{listener=outbound,reason=no"));
        }
    }
}

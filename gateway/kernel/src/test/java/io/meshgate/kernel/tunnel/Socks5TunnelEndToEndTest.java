package io.meshgate.kernel.tunnel;

import static io.meshgate.kernel.tunnel.TunnelTestKit.assertEchoes;
import static io.meshgate.kernel.tunnel.TunnelTestKit.readExactly;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.config.TunnelListener;
import io.meshgate.config.TunnelMode;
import io.meshgate.config.TunnelRule;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A kernel serving a plaintext SOCKS5 listener on 127.0.0.1, driven by a raw socket. */
class Socks5TunnelEndToEndTest {

    private static TunnelListener listener(TunnelRule... rules) {
        return new TunnelListener("socks", "127.0.0.1", 0, TunnelMode.SOCKS5, null, List.of(rules), false, null);
    }

    private static byte[] connectDomain(String name, int port) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {5, 1, 0, 3, (byte) name.length()});
        out.writeBytes(name.getBytes(StandardCharsets.US_ASCII));
        out.write(port >> 8);
        out.write(port & 0xff);
        return out.toByteArray();
    }

    private static byte[] connectIpv4(int port) {
        return new byte[] {5, 1, 0, 1, 127, 0, 0, 1, (byte) (port >> 8), (byte) port};
    }

    /** Greets, expects method 0x00, sends {@code request}, returns the 10-byte reply (IPv4 bound address). */
    private static byte[] request(Socket client, byte[] request) throws IOException {
        client.getOutputStream().write(new byte[] {5, 1, 0});
        InputStream in = client.getInputStream();
        assertThat(readExactly(in, 2)).containsExactly(5, 0);
        client.getOutputStream().write(request);
        return readExactly(in, 10);
    }

    @Test
    void aDomainRequestIsTunnelledAndTheReplyCarriesTheBoundAddress() throws Exception {
        try (TunnelTestKit kit = new TunnelTestKit(listener(
                new TunnelRule("echo", Set.of(), List.of(TunnelTestKit.ECHO_NAME), List.of(), List.of())))) {
            try (Socket client = kit.connect("socks")) {
                byte[] reply = request(client, connectDomain(TunnelTestKit.ECHO_NAME, kit.echo.port()));
                assertThat(reply).startsWith(5, 0, 0, 1, 127, 0, 0, 1);
                int boundPort = ((reply[8] & 0xff) << 8) | (reply[9] & 0xff);
                assertThat(boundPort).isPositive().isNotEqualTo(kit.echo.port());
                assertEchoes(client, "hello through socks");
            }
            assertThat(kit.lines(1).getFirst()).contains("\"protocol\":\"SOCKS5\"").contains("\"route\":\"echo\"")
                    .contains("\"authority\":\"echo.test:" + kit.echo.port() + "\"").contains("\"status\":200")
                    .contains("\"bytes_received\":19").contains("\"bytes_sent\":19");
            kit.awaitStat("meshgate_tunnel_connections_total{listener=socks,mode=socks5}", "1");
        }
    }

    @Test
    void greetingRequestAndFirstBytesInOneSegment() throws Exception {
        try (TunnelTestKit kit = new TunnelTestKit(listener(
                new TunnelRule("loopback", Set.of(), List.of(), List.of("127.0.0.1/32"), List.of())));
             Socket client = kit.connect("socks")) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.writeBytes(new byte[] {5, 1, 0});
            all.writeBytes(connectIpv4(kit.echo.port()));
            all.writeBytes("optimistic".getBytes(StandardCharsets.US_ASCII));
            client.getOutputStream().write(all.toByteArray());
            InputStream in = client.getInputStream();
            assertThat(readExactly(in, 2)).containsExactly(5, 0);
            assertThat(readExactly(in, 10)).startsWith(5, 0, 0, 1);
            assertThat(new String(readExactly(in, 10), StandardCharsets.US_ASCII)).isEqualTo("optimistic");
        }
    }

    @Test
    void deniedIs02RefusedIs05AndNeitherRelays() throws Exception {
        int closed = TunnelTestKit.closedPort();
        try (TunnelTestKit kit = new TunnelTestKit(listener(
                new TunnelRule("closed-port-only", Set.of(), List.of(), List.of("127.0.0.1/32"), List.of(closed))))) {
            try (Socket client = kit.connect("socks")) {
                assertThat(request(client, connectIpv4(kit.echo.port()))).containsExactly(5, 2, 0, 1, 0, 0, 0, 0, 0, 0);
                assertThat(client.getInputStream().read()).isEqualTo(-1);
            }
            try (Socket client = kit.connect("socks")) {
                assertThat(request(client, connectIpv4(closed))).containsExactly(5, 5, 0, 1, 0, 0, 0, 0, 0, 0);
                assertThat(client.getInputStream().read()).isEqualTo(-1);
            }
            assertThat(kit.echo.accepted()).isZero();
            kit.awaitStat("meshgate_tunnel_denied_total{listener=socks,mode=socks5,reason=port_not_allowed}", "1");
            kit.awaitStat("meshgate_tunnel_failures_total{listener=socks,mode=socks5,reason=connection_refused}", "1");
        }
    }

    @Test
    void onlyNoAuthenticationAndOnlyConnect() throws Exception {
        try (TunnelTestKit kit = new TunnelTestKit(listener(
                new TunnelRule("any", Set.of(), List.of(), List.of("127.0.0.1/32"), List.of())))) {
            try (Socket client = kit.connect("socks")) {
                client.getOutputStream().write(new byte[] {5, 1, 2}); // user/password only
                assertThat(readExactly(client.getInputStream(), 2)).containsExactly(5, 0xff);
                assertThat(client.getInputStream().read()).isEqualTo(-1);
            }
            try (Socket client = kit.connect("socks")) {
                byte[] bind = connectIpv4(kit.echo.port());
                bind[1] = 2;
                assertThat(request(client, bind)).containsExactly(5, 7, 0, 1, 0, 0, 0, 0, 0, 0);
            }
            assertThat(kit.echo.accepted()).isZero();
        }
    }
}

package io.meshgate.kernel.tunnel;

import static io.meshgate.kernel.tunnel.TunnelTestKit.assertEchoes;
import static io.meshgate.kernel.tunnel.TunnelTestKit.readAll;
import static io.meshgate.kernel.tunnel.TunnelTestKit.readHead;
import static io.meshgate.kernel.tunnel.TunnelTestKit.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.config.ProxyConfig;
import io.meshgate.config.TunnelListener;
import io.meshgate.config.TunnelMode;
import io.meshgate.config.TunnelRule;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A kernel serving a plaintext CONNECT listener on 127.0.0.1, tunnelling to a loopback echo server. */
class ConnectTunnelEndToEndTest {

    private static TunnelListener listener(boolean passthrough, TunnelRule... rules) {
        return new TunnelListener("egress", "127.0.0.1", 0, TunnelMode.CONNECT, null, List.of(rules), passthrough, null);
    }

    @Test
    void anAllowedAddressIsTunnelledBothWaysAndLoggedOnce() throws Exception {
        try (TunnelTestKit kit = new TunnelTestKit(listener(false,
                new TunnelRule("loopback", Set.of(), List.of(), List.of("127.0.0.0/8"), List.of())))) {
            int echo = kit.echo.port();
            try (Socket client = kit.connect("egress")) {
                write(client, "CONNECT 127.0.0.1:" + echo + " HTTP/1.1\r\nHost: 127.0.0.1:" + echo + "\r\n\r\n");
                assertThat(readHead(client.getInputStream())).isEqualTo("HTTP/1.1 200 Connection established\r\n\r\n");
                kit.awaitStat("meshgate_tunnel_connections_active{listener=egress,mode=connect}", "1");
                assertEchoes(client, "ping");
                assertEchoes(client, "a longer second message");
            }
            String line = kit.lines(1).getFirst();
            assertThat(line).contains("\"listener\":\"egress\"").contains("\"route\":\"loopback\"")
                    .contains("\"method\":\"CONNECT\"").contains("\"authority\":\"127.0.0.1:" + echo + "\"")
                    .contains("\"upstream_host\":\"127.0.0.1:" + echo + "\"").contains("\"status\":200")
                    .contains("\"bytes_received\":27").contains("\"bytes_sent\":27")
                    .contains("\"client_address\":\"/127.0.0.1:").doesNotContain("principal");
            kit.awaitStat("meshgate_tunnel_connections_active{listener=egress,mode=connect}", "0");
            kit.awaitStat("meshgate_tunnel_connections_total{listener=egress,mode=connect}", "1");
            kit.awaitStat("meshgate_tunnel_received_bytes_total{listener=egress,mode=connect}", "27");
            kit.awaitStat("meshgate_tunnel_sent_bytes_total{listener=egress,mode=connect}", "27");
        }
    }

    @Test
    void aNameIsMatchedAsAskedAndBytesSentWithTheRequestGoFirst() throws Exception {
        try (TunnelTestKit kit = new TunnelTestKit(listener(false,
                new TunnelRule("echo", Set.of(), List.of(TunnelTestKit.ECHO_NAME), List.of(), List.of())))) {
            try (Socket client = kit.connect("egress")) {
                write(client, "CONNECT ECHO.test:" + kit.echo.port() + " HTTP/1.1\r\n\r\nearly bytes");
                assertThat(readHead(client.getInputStream())).startsWith("HTTP/1.1 200 ");
                assertThat(new String(TunnelTestKit.readExactly(client.getInputStream(), 11))).isEqualTo("early bytes");
                assertEchoes(client, "then more");
            }
            assertThat(kit.lines(1).getFirst()).contains("\"route\":\"echo\"").contains("\"bytes_received\":20");
        }
    }

    @Test
    void deniedByPortByHostAndByAddressAre403AndNothingReachesTheDestination() throws Exception {
        int echo;
        try (TunnelTestKit kit = new TunnelTestKit(listener(false,
                new TunnelRule("only-443", Set.of(), List.of(), List.of("127.0.0.0/8"), List.of(443)),
                new TunnelRule("other-name", Set.of(), List.of("httpbin.org"), List.of(), List.of()),
                new TunnelRule("other-range", Set.of(), List.of(), List.of("203.0.113.0/24"), List.of())))) {
            echo = kit.echo.port();
            for (String target : List.of("127.0.0.1:" + echo, TunnelTestKit.ECHO_NAME + ":" + echo)) {
                try (Socket client = kit.connect("egress")) {
                    write(client, "CONNECT " + target + " HTTP/1.1\r\n\r\n");
                    String answer = readAll(client.getInputStream());
                    assertThat(answer).startsWith("HTTP/1.1 403 Forbidden\r\n").endsWith("destination not allowed\n");
                }
            }
            assertThat(kit.echo.accepted()).isZero();
            List<String> lines = kit.lines(2);
            assertThat(lines).allSatisfy(l -> assertThat(l).contains("\"status\":403").contains("\"route\":\"none\""));
            assertThat(lines.get(1)).contains("resolved to [127.0.0.1]");
            kit.awaitStat("meshgate_tunnel_denied_total{listener=egress,mode=connect,reason=destination_not_allowed}", "2");
        }
    }

    @Test
    void passthroughReachesAnyDestinationButNotTheGatewaysOwnHost() throws Exception {
        try (TunnelTestKit kit = new TunnelTestKit(listener(true));
             Socket client = kit.connect("egress")) {
            write(client, "CONNECT 127.0.0.1:" + kit.echo.port() + " HTTP/1.1\r\n\r\n");
            assertThat(readAll(client.getInputStream())).startsWith("HTTP/1.1 403 ").endsWith("gateway-local address\n");
            assertThat(kit.echo.accepted()).isZero();
        }
    }

    @Test
    void anUnreachableDestinationIs502() throws Exception {
        int closed = TunnelTestKit.closedPort();
        try (TunnelTestKit kit = new TunnelTestKit(listener(false,
                new TunnelRule("loopback", Set.of(), List.of(), List.of("127.0.0.1"), List.of())));
             Socket client = kit.connect("egress")) {
            write(client, "CONNECT 127.0.0.1:" + closed + " HTTP/1.1\r\n\r\n");
            assertThat(readAll(client.getInputStream())).startsWith("HTTP/1.1 502 Bad Gateway\r\n")
                    .endsWith("connection refused\n");
            assertThat(kit.lines(1).getFirst()).contains("\"route\":\"loopback\"").contains("\"response_flags\":\"UF\"");
        }
    }

    @Test
    void aMalformedRequestIs400AndAnotherMethod405() throws Exception {
        try (TunnelTestKit kit = new TunnelTestKit(listener(true))) {
            try (Socket client = kit.connect("egress")) {
                write(client, "CONNECT 127.0.0.1 HTTP/1.1\r\n\r\n");
                assertThat(readAll(client.getInputStream())).startsWith("HTTP/1.1 400 Bad Request\r\n");
            }
            try (Socket client = kit.connect("egress")) {
                write(client, "GET http://127.0.0.1:" + kit.echo.port() + "/ HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(readAll(client.getInputStream())).startsWith("HTTP/1.1 405 Method Not Allowed\r\n");
            }
            assertThat(kit.echo.accepted()).isZero();
        }
    }

    @Test
    void aNewConfigAppliesToNewTunnelsWhileOpenOnesContinue() throws Exception {
        TunnelRule loopback = new TunnelRule("loopback", Set.of(), List.of(), List.of("127.0.0.0/8"), List.of());
        try (TunnelTestKit kit = new TunnelTestKit(listener(false, loopback));
             Socket open = kit.connect("egress")) {
            int echo = kit.echo.port();
            int port = kit.port("egress");
            write(open, "CONNECT 127.0.0.1:" + echo + " HTTP/1.1\r\n\r\n");
            assertThat(readHead(open.getInputStream())).startsWith("HTTP/1.1 200 ");
            assertEchoes(open, "before");

            kit.kernel.apply(new ProxyConfig("v2", List.of(listener(false,
                    new TunnelRule("elsewhere", Set.of(), List.of(), List.of("203.0.113.0/24"), List.of()))), List.of()));
            assertThat(kit.port("egress")).as("the same socket").isEqualTo(port);

            try (Socket later = kit.connect("egress")) {
                write(later, "CONNECT 127.0.0.1:" + echo + " HTTP/1.1\r\n\r\n");
                assertThat(readAll(later.getInputStream())).startsWith("HTTP/1.1 403 ");
            }
            assertEchoes(open, "after the swap");
        }
    }
}

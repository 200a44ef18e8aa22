package io.meshgate.kernel.tunnel;

import static io.meshgate.kernel.tunnel.TunnelTestKit.assertEchoes;
import static io.meshgate.kernel.tunnel.TunnelTestKit.readAll;
import static io.meshgate.kernel.tunnel.TunnelTestKit.readHead;
import static io.meshgate.kernel.tunnel.TunnelTestKit.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.config.MeshTls;
import io.meshgate.config.PrivateKeyPem;
import io.meshgate.config.TunnelListener;
import io.meshgate.config.TunnelMode;
import io.meshgate.config.TunnelRule;
import io.meshgate.kernel.testing.TestCerts;
import io.netty.pkitesting.X509Bundle;
import java.io.IOException;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The egress gateway's listener with mesh TLS: a caller must present a certificate of the mesh CA, and
 * its DNS names are the principal the rules judge.
 */
class MutualTlsTunnelEndToEndTest {
    private static final String CURL = "curl.curl.cluster.local";

    private static X509Bundle meshCa;
    private static X509Bundle gateway;
    private static X509Bundle curl;
    private static X509Bundle other;
    private static X509Bundle stranger;

    @BeforeAll
    static void pki() {
        meshCa = TestCerts.rootCa("mesh CA");
        gateway = TestCerts.workload(meshCa, "fsm-egress-gateway.fsm-system.cluster.local");
        curl = TestCerts.workload(meshCa, CURL);
        other = TestCerts.workload(meshCa, "other.other.cluster.local");
        stranger = TestCerts.workload(TestCerts.rootCa("another CA"), CURL);
    }

    private static TunnelListener listener(TunnelMode mode, TunnelRule... rules) throws Exception {
        MeshTls tls = new MeshTls(gateway.getCertificatePathPEM(), PrivateKeyPem.of(gateway.getPrivateKeyPEM()),
                meshCa.getCertificatePEM());
        return new TunnelListener("egress", "127.0.0.1", 0, mode, tls, List.of(rules), false, null);
    }

    private static SSLSocket tls(TunnelTestKit kit, X509Bundle clientCert) throws IOException {
        Socket plain = kit.connect("egress");
        SSLSocket socket = (SSLSocket) TestCerts.clientContext(meshCa, clientCert).getSocketFactory()
                .createSocket(plain, "127.0.0.1", plain.getPort(), true);
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static TunnelRule curlToLoopback() {
        return new TunnelRule("egress/curl/loopback", Set.of(CURL), List.of(), List.of("127.0.0.0/8"), List.of());
    }

    @Test
    void aVerifiedPrincipalTheRuleNamesIsTunnelledAndLoggedWithItsPrincipal() throws Exception {
        try (TunnelTestKit kit = new TunnelTestKit(listener(TunnelMode.CONNECT, curlToLoopback()))) {
            try (SSLSocket client = tls(kit, curl)) {
                write(client, "CONNECT 127.0.0.1:" + kit.echo.port() + " HTTP/1.1\r\n\r\n");
                assertThat(readHead(client.getInputStream())).startsWith("HTTP/1.1 200 ");
                assertEchoes(client, "over mTLS");
            }
            assertThat(kit.lines(1).getFirst()).contains("\"principal\":\"" + CURL + "\"")
                    .contains("\"route\":\"egress/curl/loopback\"").contains("\"bytes_received\":9");
        }
    }

    @Test
    void anotherPrincipalIsDenied() throws Exception {
        try (TunnelTestKit kit = new TunnelTestKit(listener(TunnelMode.CONNECT, curlToLoopback()));
             SSLSocket client = tls(kit, other)) {
            write(client, "CONNECT 127.0.0.1:" + kit.echo.port() + " HTTP/1.1\r\n\r\n");
            assertThat(readAll(client.getInputStream())).startsWith("HTTP/1.1 403 ").endsWith("caller not allowed\n");
            assertThat(kit.echo.accepted()).isZero();
            assertThat(kit.lines(1).getFirst()).contains("\"principal\":\"other.other.cluster.local\"")
                    .contains("no tunnel rule allows [other.other.cluster.local]");
        }
    }

    @Test
    void aCallerWithoutACertificateOrWithAForeignOneGetsNoTunnel() throws Exception {
        try (TunnelTestKit kit = new TunnelTestKit(listener(TunnelMode.SOCKS5,
                new TunnelRule("anyone", Set.of(), List.of(), List.of("127.0.0.0/8"), List.of())))) {
            for (X509Bundle cert : new X509Bundle[] {null, stranger}) {
                try (SSLSocket client = tls(kit, cert)) {
                    boolean answered;
                    try {
                        client.getOutputStream().write(new byte[] {5, 1, 0});
                        client.getOutputStream().flush();
                        answered = client.getInputStream().read() >= 0;
                    } catch (IOException e) {
                        answered = false; // the handshake failed (TLS 1.2) or its alert arrived (TLS 1.3)
                    }
                    assertThat(answered).as("a SOCKS5 answer to " + (cert == null ? "no certificate" : "a foreign one"))
                            .isFalse();
                }
            }
            assertThat(kit.echo.accepted()).isZero();
            kit.awaitStat("meshgate_tunnel_rejected_total{listener=egress,mode=socks5,reason=tls_handshake_failed}", "2");
        }
    }

    @Test
    void starAdmitsAnyVerifiedCaller() throws Exception {
        try (TunnelTestKit kit = new TunnelTestKit(listener(TunnelMode.SOCKS5,
                new TunnelRule("mesh", Set.of("*"), List.of(TunnelTestKit.ECHO_NAME), List.of(), List.of())));
             SSLSocket client = tls(kit, other)) {
            client.getOutputStream().write(new byte[] {5, 1, 0});
            assertThat(TunnelTestKit.readExactly(client.getInputStream(), 2)).containsExactly(5, 0);
            byte[] name = TunnelTestKit.ECHO_NAME.getBytes();
            byte[] request = new byte[5 + name.length + 2];
            request[0] = 5;
            request[1] = 1;
            request[3] = 3;
            request[4] = (byte) name.length;
            System.arraycopy(name, 0, request, 5, name.length);
            request[5 + name.length] = (byte) (kit.echo.port() >> 8);
            request[6 + name.length] = (byte) kit.echo.port();
            client.getOutputStream().write(request);
            assertThat(TunnelTestKit.readExactly(client.getInputStream(), 10)).startsWith(5, 0);
            assertEchoes(client, "any mesh caller");
        }
    }
}

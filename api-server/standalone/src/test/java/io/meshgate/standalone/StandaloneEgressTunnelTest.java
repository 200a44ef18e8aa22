package io.meshgate.standalone;

import static io.meshgate.standalone.StandaloneEgressGatewayTest.NAME;
import static io.meshgate.standalone.StandaloneEgressGatewayTest.admin;
import static io.meshgate.standalone.StandaloneEgressGatewayTest.freePort;
import static io.meshgate.standalone.StandaloneEgressGatewayTest.proxy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.api.ApiClient;
import io.meshgate.api.TestServer;
import io.meshgate.ca.CertificateAuthority;
import io.meshgate.ca.IssueRequest;
import io.meshgate.ca.IssuedCertificate;
import io.meshgate.config.pem.Pem;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded egress gateway serving: once an EgressGateway policy exists it applies its tunnel listener (in
 * sync, on the bind address at MeshConfig {@code spec.egressGateway.port}, which {@code --egress-gateway-port}
 * set and the Service and Endpoints name) and relays a mesh caller's {@code CONNECT} to a loopback server the
 * test starts, as far as the Egress policy admits; when the MeshConfig's port changes, the listener, the Service
 * and the Endpoints move together.
 */
class StandaloneEgressTunnelTest {
    private static final String GREETING = "hello from the destination\n";

    @TempDir
    Path dir;
    private ServerSocket destination;
    private Thread acceptor;

    @BeforeEach
    void startDestination() throws IOException {
        destination = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofVirtual().start(() -> {
            while (!destination.isClosed()) {
                try (Socket s = destination.accept()) {
                    s.getOutputStream().write(GREETING.getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    return; // closed
                }
            }
        });
    }

    @AfterEach
    void stopDestination() throws IOException, InterruptedException {
        destination.close();
        acceptor.join(Duration.ofSeconds(5));
    }

    @Test
    void aMeshCallersConnectIsRelayedAsTheEgressPolicyAdmits() throws Exception {
        int tunnelPort = freePort();
        int allowed = destination.getLocalPort();
        StandaloneOptions options = new StandaloneOptions(dir, 0, 0, 0, "127.0.0.1", -1, TestServer.ADMIN_TOKEN)
                .withEgressGateway(EmbeddedEgressSettings.on(tunnelPort, 0));
        try (Standalone stack = Standalone.start(options)) {
            ApiClient admin = admin(stack);
            String empty = await().atMost(Duration.ofSeconds(30)).until(() -> proxy(admin, NAME),
                    p -> p != null && p.path("inSync").asBoolean()).path("desiredVersion").asText();
            HttpResponse<String> patched = admin.patch("/api/v1/namespaces/fsm-system/meshconfigs/fsm-mesh-config",
                    "application/merge-patch+json",
                    "{\"spec\":{\"traffic\":{\"enableEgress\":false},\"featureFlags\":{\"enableEgressPolicy\":true}}}");
            assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
            HttpResponse<String> applied = admin.post("/api/v1/apply", "application/yaml", policies(allowed));
            assertThat(applied.statusCode()).as(applied.body()).isBetween(200, 299);

            JsonNode gateway = await().atMost(Duration.ofSeconds(30)).until(() -> proxy(admin, NAME),
                    p -> !p.path("desiredVersion").asText().equals(empty) && p.path("inSync").asBoolean());
            assertThat(gateway.path("appliedVersion").asText()).isEqualTo(gateway.path("desiredVersion").asText());
            HttpResponse<String> listeners = admin.get("/api/v1/proxies/" + NAME + "/admin/listeners");
            assertThat(listeners.statusCode()).as(listeners.body()).isEqualTo(200);
            assertThat(listeners.body()).contains("egress-gateway::127.0.0.1:" + tunnelPort);

            SSLContext curl = meshClient(dir.resolve("ca"), "curl.curl.cluster.local");
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() ->
                    assertThat(connect(curl, tunnelPort, allowed)).startsWith("HTTP/1.1 200").endsWith(GREETING));
            assertThat(connect(curl, tunnelPort, allowed + 1 > 65535 ? allowed - 1 : allowed + 1))
                    .as("a port the policy does not name").startsWith("HTTP/1.1 403");
            assertThat(connect(meshClient(dir.resolve("ca"), "other.curl.cluster.local"), tunnelPort, allowed))
                    .as("a caller the policy does not name").startsWith("HTTP/1.1 403");
            assertServiceAndEndpointsAt(admin, tunnelPort);

            int moved = freePort();
            HttpResponse<String> portChanged = admin.patch(StandaloneEgressGatewayTest.MESH_CONFIG,
                    "application/merge-patch+json", "{\"spec\":{\"egressGateway\":{\"port\":" + moved + "}}}");
            assertThat(portChanged.statusCode()).as(portChanged.body()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(admin.get("/api/v1/proxies/" + NAME + "/admin/listeners").body())
                        .contains("egress-gateway::127.0.0.1:" + moved);
                assertServiceAndEndpointsAt(admin, moved);
            });
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() ->
                    assertThat(connect(curl, moved, allowed)).startsWith("HTTP/1.1 200").endsWith(GREETING));
        }
    }

    private static void assertServiceAndEndpointsAt(ApiClient admin, int port) {
        assertThat(StandaloneEgressGatewayTest.get(admin, StandaloneEgressGatewayTest.SERVICE).at("/spec/ports/0/port")
                .asInt()).as("the Service's port").isEqualTo(port);
        assertThat(StandaloneEgressGatewayTest.get(admin, StandaloneEgressGatewayTest.ENDPOINTS)
                .at("/subsets/0/ports/0/port").asInt()).as("the Endpoints' port").isEqualTo(port);
    }

    /** The EgressGateway naming the embedded gateway's Service; an Egress letting curl reach the destination. */
    private static String policies(int port) {
        return """
                kind: EgressGateway
                apiVersion: policy.flomesh.io/v1alpha1
                metadata: {name: global-egress-gateway, namespace: curl}
                spec:
                  global: [{service: fsm-egress-gateway, namespace: fsm-system}]
                ---
                kind: Egress
                apiVersion: policy.flomesh.io/v1alpha1
                metadata: {name: loopback-destination, namespace: curl}
                spec:
                  sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
                  ipAddresses: [127.0.0.1/32]
                  ports: [{number: %d, protocol: tcp}]
                """.formatted(port);
    }

    /** A sidecar's side of the tunnel: a certificate of the mesh CA naming {@code principal}, trusting that CA. */
    private static SSLContext meshClient(Path caDir, String principal) throws Exception {
        IssuedCertificate issued = CertificateAuthority.load(caDir, Clock.systemUTC())
                .issue(IssueRequest.clientAndServer(List.of(principal), Duration.ofHours(1)));
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("mesh", Pem.privateKey(issued.keyPem()), new char[0],
                Pem.certificates(issued.certPem()).toArray(Certificate[]::new));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, new char[0]);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        List<X509Certificate> cas = Pem.certificates(issued.caPem());
        for (int i = 0; i < cas.size(); i++) {
            trust.setCertificateEntry("ca" + i, cas.get(i));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }

    /** {@code CONNECT 127.0.0.1:port} through the gateway; the answer's head and whatever follows until close. */
    private static String connect(SSLContext client, int tunnelPort, int port) throws IOException {
        try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", tunnelPort)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("CONNECT 127.0.0.1:" + port + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            for (int n; (n = in.read(buffer)) > 0; ) {
                read.write(buffer, 0, n);
                String text = read.toString(StandardCharsets.UTF_8);
                if (text.endsWith(GREETING) || text.startsWith("HTTP/1.1 4") && text.contains("\r\n\r\n")) {
                    break; // the destination's greeting relayed, or a refusal (the gateway may keep it open)
                }
            }
            return read.toString(StandardCharsets.UTF_8);
        }
    }
}

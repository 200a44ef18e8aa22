package io.meshgate.kernel.mesh;

import io.meshgate.config.Cluster;
import io.meshgate.config.DestinationRule;
import io.meshgate.config.DestinationRule.AppProtocol;
import io.meshgate.config.Endpoint;
import io.meshgate.config.HttpSettings;
import io.meshgate.config.MeshListener;
import io.meshgate.config.MeshListener.Direction;
import io.meshgate.config.MeshListener.UnmatchedDestination;
import io.meshgate.config.PathMatch;
import io.meshgate.config.ProxyConfig;
import io.meshgate.config.Route;
import io.meshgate.config.RouteMatch;
import io.meshgate.config.VirtualHost;
import io.meshgate.kernel.Kernel;
import io.meshgate.kernel.KernelOptions;
import io.meshgate.kernel.testing.TestBackend;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The workload side of {@link MeshListenerNetnsTest}, run by it inside a network namespace (a JVM
 * thread cannot enter one): two HTTP backends and a TCP backend on the namespace's loopback, a
 * "somewhere else" server on the namespace's veth address for passthrough, and a kernel with two
 * mesh listeners: {@code outbound} (rules for two Service addresses, unmatched refused) and
 * {@code egress} (no rules, unmatched relayed). Prints {@code READY outbound=<port> egress=<port>
 * elsewhere=<port>} once serving, then runs until its standard input closes.
 *
 * <p>Arguments: the namespace's own address, the first and the second Service address.
 */
public final class MeshNetnsMain {
    private MeshNetnsMain() {}

    public static void main(String[] args) throws Exception {
        String own = args[0];
        String service1 = args[1];
        String service2 = args[2];
        try (TestBackend b1 = new TestBackend("b1"); TestBackend b2 = new TestBackend("b2");
             ServerSocket tcp = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             ServerSocket elsewhere = new ServerSocket(0, 50, InetAddress.getByName(own))) {
            Thread.ofVirtual().start(() -> greetAndEcho(tcp, "tcp-backend"));
            Thread.ofVirtual().start(() -> greetAndEcho(elsewhere, "elsewhere " + own + ":" + elsewhere.getLocalPort()));

            ProxyConfig config = new ProxyConfig("netns-1", List.of(
                    new MeshListener("outbound", "0.0.0.0", 0, Direction.OUTBOUND, List.of(
                            http("svc-1-http", service1, 80, "b1"),
                            http("svc-2-http", service2, 80, "b2"),
                            new DestinationRule("svc-1-tcp", List.of(service1), 5432, AppProtocol.TCP, List.of(), "tcp", null)),
                            UnmatchedDestination.REFUSE, null, HttpSettings.DEFAULTS),
                    new MeshListener("egress", "0.0.0.0", 0, Direction.OUTBOUND, List.of(),
                            UnmatchedDestination.PASSTHROUGH, null, HttpSettings.DEFAULTS)),
                    List.of(Cluster.of("b1", List.of(Endpoint.of("127.0.0.1", b1.port()))),
                            Cluster.of("b2", List.of(Endpoint.of("127.0.0.1", b2.port()))),
                            Cluster.of("tcp", List.of(Endpoint.of("127.0.0.1", tcp.getLocalPort())))));
            try (Kernel kernel = Kernel.start(KernelOptions.defaults().withIoThreads(1)
                    .withAccessLog(line -> System.out.println("ACCESS " + line)), config)) {
                System.out.println("READY outbound=" + kernel.port("outbound") + " egress=" + kernel.port("egress")
                        + " elsewhere=" + elsewhere.getLocalPort());
                System.out.flush();
                // the test closes our standard input when it is done (or dies)
                while (System.in.read() >= 0) {
                    // nothing is sent
                }
                kernel.shutdown(Duration.ofSeconds(1));
            }
        }
    }

    private static DestinationRule http(String name, String address, int port, String cluster) {
        VirtualHost any = new VirtualHost(name, List.of("*"),
                List.of(Route.to("all", RouteMatch.path(PathMatch.prefix("/")), cluster)));
        return new DestinationRule(name, List.of(address), port, AppProtocol.HTTP, List.of(any), null, null);
    }

    /** Greets each connection with one line, then answers every line with "echo:<line>". */
    private static void greetAndEcho(ServerSocket server, String greeting) {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread.ofVirtual().start(() -> {
                    try (s) {
                        OutputStream out = s.getOutputStream();
                        out.write((greeting + "\n").getBytes(StandardCharsets.US_ASCII));
                        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                        for (String line; (line = in.readLine()) != null; ) {
                            out.write(("echo:" + line + "\n").getBytes(StandardCharsets.US_ASCII));
                        }
                    } catch (IOException ignored) {
                        // the client left
                    }
                });
            } catch (IOException closed) {
                return;
            }
        }
    }
}

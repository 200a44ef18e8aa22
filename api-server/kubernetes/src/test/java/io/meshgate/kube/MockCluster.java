package io.meshgate.kube;

import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * fabric8's mock API server in CRUD mode on loopback, which can be stopped and started again on the
 * same port with its objects kept (the CRUD store is the dispatcher, which outlives the server).
 */
final class MockCluster implements AutoCloseable {
    private final KubernetesCrudDispatcher store = new KubernetesCrudDispatcher();
    private KubernetesMockServer server;
    private final List<NamespacedKubernetesClient> clients = new ArrayList<>();
    private final int port;

    MockCluster() {
        server = serve(0);
        port = server.getPort();
    }

    /** A new client of this server (closed with the cluster). */
    NamespacedKubernetesClient newClient() {
        NamespacedKubernetesClient client = server.createClient();
        clients.add(client);
        return client;
    }

    /** Stops the server: every watch connection drops, requests are refused. */
    void stop() {
        server.destroy();
    }

    /** Starts it again on the same port, with the same objects (a mock server starts only once: a new one). */
    void restart() {
        server = serve(port);
    }

    private KubernetesMockServer serve(int onPort) {
        KubernetesMockServer s = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), store, false);
        s.init(InetAddress.getLoopbackAddress(), onPort);
        return s;
    }

    @Override
    public void close() {
        clients.forEach(NamespacedKubernetesClient::close);
        server.destroy();
    }
}

package io.meshgate.standalone;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.meshgate.kube.WatchedKind;
import io.meshgate.resources.KindRegistry;
import io.meshgate.api.TestServer;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * fabric8's mock API server in CRUD mode on loopback, with a client to it and the generic reads and
 * writes tests of the Kubernetes mode make ("kubectl apply", "kubectl get"). Each kind at the
 * group/version/plural of the resource model, as the control plane reads it.
 */
final class MockCluster implements AutoCloseable {
    static final KubernetesSerialization YAML = new KubernetesSerialization();

    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final List<KubernetesStack> stacks = new ArrayList<>();

    MockCluster() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient();
    }

    /** A client of the shared mock; the caller closes it (a stack closes the client it was given). */
    KubernetesClient newClient() {
        return server.createClient();
    }

    KubernetesClient client() {
        return client;
    }

    /** Creates one object from YAML, namespaced or cluster-scoped as it says. */
    GenericKubernetesResource create(String yaml) {
        GenericKubernetesResource object = YAML.unmarshal(yaml, GenericKubernetesResource.class);
        String namespace = object.getMetadata().getNamespace();
        return namespace == null ? operation(object.getKind()).resource(object).create()
                : operation(object.getKind()).inNamespace(namespace).resource(object).create();
    }

    /** The object now, or null. */
    GenericKubernetesResource get(String kind, String namespace, String name) {
        return operation(kind).inNamespace(namespace).withName(name).get();
    }

    MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
            operation(String kind) {
        return client.genericKubernetesResources(WatchedKind.of(KindRegistry.standard().byKind(kind).orElseThrow())
                .context());
    }

    /**
     * Starts the control plane's Kubernetes mode on this cluster ({@code --mode=kubernetes} and
     * {@code flags}; data in {@code dir}, the API on a free loopback port, the tests' admin token) with a
     * client of its own; {@link #close()} stops it.
     */
    KubernetesStack startStack(Path dir, String... flags) {
        String[] args = new String[flags.length + 1];
        args[0] = "--mode=kubernetes";
        System.arraycopy(flags, 0, args, 1, flags.length);
        KubernetesClient own = newClient();
        try {
            KubernetesStack stack = KubernetesStack.start(
                    new StandaloneOptions(dir, 0, 0, 0, "127.0.0.1", -1, TestServer.ADMIN_TOKEN),
                    ModeOptions.split(args, Map.of()).options(), own);
            stacks.add(stack);
            return stack;
        } catch (RuntimeException e) {
            own.close(); // a started stack closes the client it was given
            throw e;
        }
    }

    /** Stops the stacks started here (each closes its client), then the mock server. */
    @Override
    public void close() {
        stacks.forEach(KubernetesStack::close);
        client.close();
        server.destroy();
    }
}

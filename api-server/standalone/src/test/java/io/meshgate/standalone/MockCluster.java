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
import java.net.InetAddress;
import java.util.HashMap;

/**
 * fabric8's mock API server in CRUD mode on loopback, with a client to it and the generic reads and
 * writes tests of the Kubernetes mode make ("kubectl apply", "kubectl get"). Each kind at the
 * group/version/plural of the resource model, as the control plane reads it.
 */
final class MockCluster implements AutoCloseable {
    static final KubernetesSerialization YAML = new KubernetesSerialization();

    private final KubernetesMockServer server;
    private final KubernetesClient client;

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

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}

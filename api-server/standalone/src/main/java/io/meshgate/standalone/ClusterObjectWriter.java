package io.meshgate.standalone;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.meshgate.api.ApiException;
import io.meshgate.api.ClusterWriter;
import io.meshgate.db.StoredObject;
import io.meshgate.kube.WatchedKind;
import io.meshgate.resources.KindInfo;
import io.meshgate.resources.KindRegistry;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@link ClusterWriter} over fabric8's generic resources, at each kind's group/version/plural
 * ({@link WatchedKind}): reads go to the API server (not the informers' caches, which may lag the
 * write just made); every write names the resourceVersion the API checked, so a concurrent change
 * is the API server's 409, which becomes the REST API's 409.
 */
final class ClusterObjectWriter implements ClusterWriter {
    private final KubernetesClient client;
    private final KubernetesSerialization serialization = new KubernetesSerialization();
    private final ClusterObjects objects = new ClusterObjects();

    ClusterObjectWriter(KubernetesClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public Optional<StoredObject> current(String kind, String namespace, String name) {
        WatchedKind watched = watched(kind);
        GenericKubernetesResource found = call("read", kind, namespace, name, () -> resource(watched, namespace, name).get());
        return Optional.ofNullable(found).map(object -> objects.stored(watched, object));
    }

    @Override
    public StoredObject create(KindInfo info, ObjectNode body) {
        WatchedKind watched = WatchedKind.of(info);
        GenericKubernetesResource object = generic(body);
        object.getMetadata().setResourceVersion(null);
        return objects.stored(watched, call("create", info.kind(), namespace(object), object.getMetadata().getName(),
                () -> operation(watched, namespace(object)).resource(object).create()));
    }

    @Override
    public StoredObject update(KindInfo info, ObjectNode body, long resourceVersion) {
        WatchedKind watched = WatchedKind.of(info);
        GenericKubernetesResource object = atVersion(body, resourceVersion);
        return objects.stored(watched, call("update", info.kind(), namespace(object), object.getMetadata().getName(),
                () -> operation(watched, namespace(object)).resource(object).update()));
    }

    @Override
    public StoredObject updateStatus(KindInfo info, ObjectNode body, long resourceVersion) {
        WatchedKind watched = WatchedKind.of(info);
        GenericKubernetesResource object = atVersion(body, resourceVersion);
        return objects.stored(watched, call("update the status of", info.kind(), namespace(object),
                object.getMetadata().getName(), () -> operation(watched, namespace(object)).resource(object).updateStatus()));
    }

    @Override
    public void delete(KindInfo info, String namespace, String name, long resourceVersion) {
        WatchedKind watched = WatchedKind.of(info);
        call("delete", info.kind(), namespace, name, () -> {
            // the version the API checked: a newer object is not deleted unseen
            GenericKubernetesResource current = resource(watched, namespace, name).get();
            if (current == null) {
                throw new KubernetesClientException("not found", 404, null);
            }
            if (!String.valueOf(resourceVersion).equals(current.getMetadata().getResourceVersion())) {
                throw new KubernetesClientException("changed", 409, null);
            }
            return resource(watched, namespace, name).lockResourceVersion(String.valueOf(resourceVersion)).delete();
        });
    }

    private GenericKubernetesResource atVersion(ObjectNode body, long resourceVersion) {
        GenericKubernetesResource object = generic(body);
        object.getMetadata().setResourceVersion(String.valueOf(resourceVersion));
        return object;
    }

    private GenericKubernetesResource generic(ObjectNode body) {
        return serialization.unmarshal(body.toString(), GenericKubernetesResource.class);
    }

    private static String namespace(GenericKubernetesResource object) {
        String ns = object.getMetadata().getNamespace();
        return ns == null ? "" : ns;
    }

    private static WatchedKind watched(String kind) {
        return WatchedKind.of(KindRegistry.standard().byKind(kind)
                .orElseThrow(() -> ApiException.badRequest("unknown kind " + kind)));
    }

    private MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
            operation(WatchedKind kind, String namespace) {
        var all = client.genericKubernetesResources(kind.context());
        return kind.info().namespaced() && !namespace.isEmpty()
                ? (MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList,
                Resource<GenericKubernetesResource>>) all.inNamespace(namespace) : all;
    }

    private Resource<GenericKubernetesResource> resource(WatchedKind kind, String namespace, String name) {
        return operation(kind, namespace == null ? "" : namespace).withName(name);
    }

    /** Runs one call to the API server, its failures as the REST API's errors. */
    private static <T> T call(String what, String kind, String namespace, String name, Supplier<T> call) {
        String object = kind + " " + (namespace == null || namespace.isEmpty() ? name : namespace + "/" + name);
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            switch (e.getCode()) {
                case 404 -> throw ApiException.notFound(object + " not found in the cluster");
                case 409 -> throw ApiException.conflict("the cluster could not " + what + " " + object
                        + ": it exists already or changed meanwhile (" + e.getMessage() + ")");
                case 422, 400 -> throw ApiException.badRequest("the cluster refused to " + what + " " + object + ": "
                        + e.getMessage());
                default -> throw new IllegalStateException("the cluster could not " + what + " " + object + ": "
                        + e.getMessage(), e);
            }
        }
    }
}

package io.meshgate.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.meshgate.resources.KindRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Manifests of the test resources applied to a (mock) cluster as generic resources, as kubectl would. */
final class ClusterManifests {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private ClusterManifests() {}

    /** The documents of a YAML resource file. */
    static List<GenericKubernetesResource> read(String resource) {
        try (InputStream in = ClusterManifests.class.getResourceAsStream(resource)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<GenericKubernetesResource> out = new ArrayList<>();
            for (String doc : text.split("\n---\n")) {
                if (doc.lines().anyMatch(line -> line.startsWith("kind:"))) {
                    out.add(SERIALIZATION.unmarshal(doc, GenericKubernetesResource.class));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates {@code object} at its kind's group/version/plural. */
    static GenericKubernetesResource create(KubernetesClient client, GenericKubernetesResource object) {
        WatchedKind kind = WatchedKind.of(KindRegistry.standard().byKind(object.getKind()).orElseThrow());
        var operation = client.genericKubernetesResources(kind.context());
        String namespace = object.getMetadata().getNamespace();
        return namespace == null ? operation.resource(object).create()
                : operation.inNamespace(namespace).resource(object).create();
    }

    /** The object as the cluster holds it now, or null. */
    static GenericKubernetesResource get(KubernetesClient client, String kind, String namespace, String name) {
        WatchedKind watched = WatchedKind.of(KindRegistry.standard().byKind(kind).orElseThrow());
        var operation = client.genericKubernetesResources(watched.context());
        return namespace == null ? operation.withName(name).get() : operation.inNamespace(namespace).withName(name).get();
    }
}

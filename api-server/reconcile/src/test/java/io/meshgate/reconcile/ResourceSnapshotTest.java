package io.meshgate.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.resources.ObjectMeta;
import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceKey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Typed objects, ordered by namespace then name, found by key with their versions. */
class ResourceSnapshotTest {
    private static Resource configMap(String namespace, String name) {
        return Resource.withSpec("v1", "ConfigMap", ObjectMeta.of(namespace, name), null);
    }

    @Test
    void objectsAreOrderedAndFoundByKeyWithTheirVersion() {
        ResourceSnapshot snapshot = new ResourceSnapshot(7, Map.of("ConfigMap", List.of(
                new SnapshotObject(configMap("b", "z"), "3"), new SnapshotObject(configMap("a", "y"), "5"),
                new SnapshotObject(configMap("b", "a"), "4"))));

        assertThat(snapshot.revision()).isEqualTo(7);
        assertThat(snapshot.list("ConfigMap")).extracting(Resource::name).containsExactly("y", "a", "z");
        assertThat(snapshot.list("ConfigMap", "b")).extracting(Resource::name).containsExactly("a", "z");
        assertThat(snapshot.object(new ResourceKey("ConfigMap", "a", "y"))).map(SnapshotObject::version).hasValue("5");
        assertThat(snapshot.get(new ResourceKey("ConfigMap", "a", "nope"))).isEmpty();
        assertThat(snapshot.list("Secret")).isEmpty();
    }

    @Test
    void clusterScopedObjectsAreFoundWithAnEmptyOrNullNamespace() {
        Resource namespace = Resource.withSpec("v1", "Namespace", ObjectMeta.named("demo"), null);
        ResourceSnapshot snapshot = ResourceSnapshot.of(1, List.of(namespace));

        assertThat(snapshot.get(new ResourceKey("Namespace", null, "demo"))).isPresent();
        assertThat(snapshot.get(new ResourceKey("Namespace", "", "demo"))).isPresent();
        assertThat(snapshot.list("Namespace", "")).hasSize(1);
    }
}

package io.meshgate.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.resources.ObjectMeta;
import io.meshgate.resources.Resource;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A status write (status and resourceVersion) is not a change translators see; anything else is. */
class StatusOnlyChangeTest {
    private static Resource ingress(String rv, String host, String status) {
        ObjectNode spec = JsonNodeFactory.instance.objectNode();
        spec.putArray("rules").addObject().put("host", host);
        Resource r = Resource.withSpec("networking.k8s.io/v1", "Ingress", ObjectMeta.of("ns", "a").withResourceVersion(rv),
                spec);
        return status == null ? r : r.withStatus(JsonNodeFactory.instance.objectNode().put("note", status));
    }

    @Test
    void aStatusAndResourceVersionChangeIsStatusOnly() {
        assertThat(StatusOnlyChange.between(ingress("1", "a.test", null), ingress("2", "a.test", "x"))).isTrue();
        assertThat(StatusOnlyChange.between(ingress("2", "a.test", "x"), ingress("3", "a.test", "y"))).isTrue();
    }

    @Test
    void specMetadataAndAnnotationChangesAreNot() {
        Resource before = ingress("1", "a.test", null);
        assertThat(StatusOnlyChange.between(before, ingress("2", "b.test", null))).isFalse();
        Resource annotated = before.withMetadata(before.metadata().withAnnotations(Map.of("k", "v")));
        assertThat(StatusOnlyChange.between(before, annotated)).isFalse();
        Resource relabelled = before.withMetadata(before.metadata().withLabels(Map.of("k", "v")));
        assertThat(StatusOnlyChange.between(before, relabelled)).isFalse();
    }

    @Test
    void aPodsStatusIsAnInput() {
        // phase and podIP come from the workloads API and decide what sidecars serve
        Resource pod = Resource.withSpec("v1", "Pod", ObjectMeta.of("ns", "p").withResourceVersion("1"),
                JsonNodeFactory.instance.objectNode().put("serviceAccountName", "sa"));
        Resource pending = pod.withStatus(JsonNodeFactory.instance.objectNode().put("phase", "Pending"));
        Resource running = pod.withMetadata(pod.metadata().withResourceVersion("2"))
                .withStatus(JsonNodeFactory.instance.objectNode().put("phase", "Running").put("podIP", "10.0.0.1"));
        assertThat(StatusOnlyChange.between(pending, running)).isFalse();
        assertThat(StatusOnlyChange.between(running, running.withMetadata(running.metadata().withResourceVersion("3"))))
                .isTrue();
    }
}

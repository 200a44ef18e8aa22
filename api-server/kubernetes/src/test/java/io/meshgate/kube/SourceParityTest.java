package io.meshgate.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.meshgate.ingress.IngressSettings;
import io.meshgate.reconcile.ProxyIdentity;
import io.meshgate.reconcile.ResourceSnapshot;
import io.meshgate.reconcile.SnapshotObject;
import io.meshgate.reconcile.Translation;
import io.meshgate.reconcile.ingress.IngressProxyTranslator;
import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The two snapshot sources agree: the same objects, once as the informers hold them (fabric8, with
 * EndpointSlices) and once as the standalone store holds them (their JSON, read by the resource
 * codec as the store source reads a stored body, with the v1 Endpoints a standalone user declares),
 * give the same ProxyConfig and the same conditions.
 */
class SourceParityTest {
    private static final ProxyIdentity PROXY = new ProxyIdentity("gateway", "ingress");
    private static final IngressSettings SETTINGS = IngressSettings.of("127.0.0.1", 8000, 8443);
    private final ResourceCodec codec = new ResourceCodec();

    private static Ingress annotatedIngress() {
        return new IngressBuilder(Fixtures.seedIngress()).editMetadata().withUid("u-1").withResourceVersion("5")
                .addToAnnotations("pipy.ingress.kubernetes.io/lb-type", "round_robin").endMetadata().build();
    }

    /** Ours, but its Service does not exist: a False condition in both. */
    private static Ingress orphanIngress() {
        return new IngressBuilder(Fixtures.seedIngress()).editMetadata().withName("orphan").endMetadata()
                .editSpec().editFirstRule().withHost("orphan.example.com").editHttp().editFirstPath().editBackend()
                .editService().withName("nowhere").endService().endBackend().endPath().endHttp().endRule().endSpec()
                .build();
    }

    private static Ingress otherClass() {
        return new IngressBuilder(Fixtures.seedIngress()).editMetadata().withName("nginx").endMetadata()
                .editSpec().withIngressClassName("nginx").endSpec().build();
    }

    private static Secret unrelatedSecret() {
        return new SecretBuilder().withNewMetadata().withNamespace("httpbin").withName("unrelated").endMetadata()
                .withType("Opaque").addToData("k", "dg==").build();
    }

    private static GenericKubernetesResource meshConfig() {
        return new GenericKubernetesResourceBuilder().withApiVersion("config.flomesh.io/v1alpha3").withKind("MeshConfig")
                .withNewMetadata().withNamespace("fsm-system").withName(ControllerOptions.MESH_CONFIG_NAME).endMetadata()
                .withAdditionalProperties(Map.of("spec", Map.of("ingress", Map.of("tls", Map.of("enabled", true)))))
                .build();
    }

    /** The Endpoints a standalone user declares for the two ready slice addresses. */
    private static final String ENDPOINTS = """
            {"apiVersion": "v1", "kind": "Endpoints", "metadata": {"namespace": "httpbin", "name": "httpbin"},
             "subsets": [{"addresses": [{"ip": "10.0.0.1"}, {"ip": "10.0.0.2"}],
                          "ports": [{"name": "http", "port": 8000, "protocol": "TCP"}]}]}
            """;

    private ResourceSnapshot asStored(List<HasMetadata> objects) {
        Map<String, List<SnapshotObject>> byKind = new TreeMap<>();
        List<Resource> resources = new ArrayList<>();
        for (HasMetadata object : objects) {
            resources.add(codec.parseJson(Fixtures.SERIALIZATION.asJson(object)).getFirst());
        }
        resources.add(codec.parseJson(ENDPOINTS).getFirst());
        long version = 1;
        for (Resource r : resources) {
            byKind.computeIfAbsent(r.kind(), k -> new ArrayList<>()).add(new SnapshotObject(r, Long.toString(version++)));
        }
        return new ResourceSnapshot(version, byKind);
    }

    @Test
    void bothSourcesGiveTheSameConfigAndConditions() {
        Ingress ingress = annotatedIngress();
        ClusterSnapshot cluster = new ClusterSnapshot(List.of(ingress, orphanIngress(), otherClass()), List.of(),
                List.of(Fixtures.httpbinService()),
                List.of(Fixtures.slice("httpbin-1", "10.0.0.1", 8000, true), Fixtures.slice("httpbin-2", "10.0.0.2", 8000, true),
                        Fixtures.slice("httpbin-3", "10.0.0.3", 8000, false)),
                List.of(unrelatedSecret()), List.of(meshConfig()));
        ResourceSnapshot fromInformers = cluster.toSnapshot(1, new KubeResources());
        ResourceSnapshot fromStore = asStored(List.of(ingress, orphanIngress(), otherClass(), Fixtures.httpbinService(),
                unrelatedSecret(), meshConfig()));

        IngressProxyTranslator translator = new IngressProxyTranslator(s -> SETTINGS, null);
        Translation informed = translator.translate(fromInformers, PROXY);
        Translation stored = translator.translate(fromStore, PROXY);

        assertThat(informed.config().clusters()).as("the slices' two ready endpoints").isNotEmpty();
        assertThat(informed.statuses()).as("ours, not the nginx one").hasSize(2);
        assertThat(informed.statuses().values()).anySatisfy(conditions -> assertThat(conditions)
                .anyMatch(c -> c.type().equals("ResolvedRefs") && !c.holds()));
        assertThat(informed.config()).isEqualTo(stored.config());
        assertThat(informed.statuses()).isEqualTo(stored.statuses());
    }
}

package io.meshgate.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClassBuilder;
import io.meshgate.config.Cluster;
import io.meshgate.config.Endpoint;
import io.meshgate.ingress.IngressSettings;
import io.meshgate.reconcile.ProxyIdentity;
import io.meshgate.reconcile.ReportedStatus;
import io.meshgate.reconcile.ResourceSnapshot;
import io.meshgate.reconcile.Translation;
import io.meshgate.reconcile.ingress.IngressBackendStatusReporter;
import io.meshgate.reconcile.ingress.IngressProxyTranslator;
import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceKey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** fabric8 objects in, the reconciler's typed snapshot out, and the translation it gives. */
class ClusterSnapshotTest {
    private static final ProxyIdentity PROXY = new ProxyIdentity(IngressController.EMBEDDED_PROXY, "ingress");
    private final KubeResources converter = new KubeResources();

    private static ClusterSnapshot snapshot(List<Ingress> ingresses, List<IngressClass> classes,
                                            List<GenericKubernetesResource> meshConfigs) {
        return new ClusterSnapshot(ingresses, classes, List.of(Fixtures.httpbinService()),
                List.of(Fixtures.slice("httpbin-1", "10.0.0.1", 8000, true), Fixtures.slice("httpbin-2", "10.0.0.2", 8000, true)),
                List.of(new SecretBuilder().withNewMetadata().withNamespace("httpbin").withName("tls").endMetadata()
                        .withType("kubernetes.io/tls").addToData("tls.crt", "Y2VydA==").build()),
                meshConfigs);
    }

    private static Ingress withClass(String name, String className) {
        return new IngressBuilder(Fixtures.seedIngress()).editMetadata().withName(name).endMetadata()
                .editSpec().withIngressClassName(className).endSpec().build();
    }

    /** The embedded proxy's translation of {@code snapshot}, serving class {@code className}. */
    private static Translation translate(ResourceSnapshot snapshot, String className) {
        IngressSettings settings = IngressSettings.of("127.0.0.1", 0, 0).withIngressClass(className);
        return new IngressProxyTranslator(s -> settings, null).translate(snapshot, PROXY);
    }

    @Test
    void theSeedIngressTranslatesToAClusterOfTheSlicesReadyEndpoints() {
        ResourceSnapshot typed = snapshot(List.of(Fixtures.seedIngress()), List.of(), List.of()).toSnapshot(1, converter);
        assertThat(typed.list("Ingress")).extracting(Resource::name).containsExactly("httpbin");
        assertThat(typed.list("Service")).extracting(Resource::name).containsExactly("httpbin");
        assertThat(typed.list("Endpoints")).extracting(Resource::name).containsExactly("httpbin");
        assertThat(typed.list("Secret")).extracting(Resource::name).containsExactly("tls");
        assertThat(typed.list("MeshConfig")).isEmpty();

        Translation translation = translate(typed, "pipy");
        assertThat(translation.config().clusters()).hasSize(1);
        Cluster cluster = translation.config().clusters().getFirst();
        assertThat(cluster.endpoints()).containsExactly(Endpoint.of("10.0.0.1", 8000), Endpoint.of("10.0.0.2", 8000));
        assertThat(translation.statuses()).hasSize(1);
        assertThat(translation.statusFields()).as("the status sink writes the publish Service's address").isEmpty();
    }

    @Test
    void onlyIngressesOfOurClassAreTranslated() {
        Ingress legacy = new IngressBuilder(withClass("legacy", null)).editMetadata()
                .addToAnnotations("kubernetes.io/ingress.class", "pipy").endMetadata().build();
        List<Ingress> ingresses = List.of(withClass("ours", "pipy"), withClass("nginx", "nginx"),
                withClass("unclassed", null), legacy);
        ResourceSnapshot typed = snapshot(ingresses, List.of(), List.of()).toSnapshot(1, converter);
        // every Ingress is in the snapshot, as in standalone mode; the translator picks ours
        assertThat(typed.list("Ingress")).hasSize(4);
        assertThat(translate(typed, "pipy").statuses().keySet()).extracting(ResourceKey::name)
                .containsExactlyInAnyOrder("legacy", "ours");
    }

    @Test
    void anIngressWithoutClassIsOursWhenOurIngressClassIsTheDefault() {
        IngressClass defaultClass = new IngressClassBuilder().withNewMetadata().withName("pipy")
                .addToAnnotations("ingressclass.kubernetes.io/is-default-class", "true").endMetadata()
                .withNewSpec().withController("flomesh.io/ingress-pipy").endSpec().build();
        ResourceSnapshot typed = snapshot(List.of(withClass("unclassed", null), withClass("nginx", "nginx")),
                List.of(defaultClass), List.of()).toSnapshot(1, converter);
        assertThat(translate(typed, "pipy").statuses().keySet()).extracting(ResourceKey::name)
                .containsExactly("unclassed");
    }

    @Test
    void anotherClassNameCanBeServed() {
        ResourceSnapshot typed = snapshot(List.of(withClass("a", "pipy"), withClass("b", "meshgate")), List.of(),
                List.of()).toSnapshot(1, converter);
        assertThat(translate(typed, "meshgate").statuses().keySet()).extracting(ResourceKey::name)
                .containsExactly("b");
    }

    @Test
    void theMeshConfigNamedFsmMeshConfigIsUsed() {
        GenericKubernetesResource other = meshConfig("another", false);
        GenericKubernetesResource fsm = meshConfig(ControllerOptions.MESH_CONFIG_NAME, true);
        ResourceSnapshot typed = snapshot(List.of(), List.of(), List.of(other, fsm)).toSnapshot(1, converter);
        assertThat(typed.list("MeshConfig")).hasSize(1);
        Resource meshConfig = typed.list("MeshConfig").getFirst();
        assertThat(meshConfig.name()).isEqualTo("fsm-mesh-config");
        assertThat(meshConfig.kind()).isEqualTo("MeshConfig");
        assertThat(meshConfig.spec().path("ingress").path("tls").path("enabled").asBoolean()).isTrue();
    }

    private static GenericKubernetesResource meshConfig(String name, boolean tls) {
        return new GenericKubernetesResourceBuilder().withApiVersion("config.flomesh.io/v1alpha3").withKind("MeshConfig")
                .withNewMetadata().withNamespace("fsm-system").withName(name).endMetadata()
                .withAdditionalProperties(Map.of("spec", Map.of("ingress", Map.of("tls", Map.of("enabled", tls)))))
                .build();
    }

    @Test
    void ingressBackendsAreJudgedAgainstTheSnapshotsServices() {
        ClusterSnapshot base = snapshot(List.of(), List.of(), List.of());
        ClusterSnapshot withBackends = new ClusterSnapshot(base.ingresses(), base.ingressClasses(), base.services(),
                base.endpointSlices(), base.secrets(), base.meshConfigs(), List.of(
                        IngressBackendStatusControllerTest.ingressBackend("httpbin", "httpbin"),
                        IngressBackendStatusControllerTest.ingressBackend("orphan", "nowhere")));

        Map<ResourceKey, ReportedStatus> statuses = new IngressBackendStatusReporter()
                .report(withBackends.toSnapshot(1, converter));

        assertThat(statuses).hasSize(2);
        assertThat(statuses.entrySet()).anySatisfy(e -> {
            assertThat(e.getKey().name()).isEqualTo("httpbin");
            assertThat(e.getValue().fields().path("currentStatus").asText()).isEqualTo("committed");
        }).anySatisfy(e -> {
            assertThat(e.getKey().name()).isEqualTo("orphan");
            assertThat(e.getValue().fields().path("reason").asText()).isEqualTo("backend service httpbin/nowhere not found");
        });
        assertThat(new IngressBackendStatusReporter().report(base.toSnapshot(1, converter))).isEmpty();
    }

    @Test
    void objectsCarryTheirResourceVersionAndAreParsedOncePerVersion() {
        Ingress versioned = new IngressBuilder(Fixtures.seedIngress()).editMetadata().withUid("u-1")
                .withResourceVersion("42").endMetadata().build();
        ClusterSnapshot cluster = snapshot(List.of(versioned), List.of(), List.of());
        ResourceSnapshot first = cluster.toSnapshot(1, converter);
        converter.sweep();
        ResourceSnapshot second = cluster.toSnapshot(2, converter);

        ResourceKey key = new ResourceKey("Ingress", "httpbin", "httpbin");
        assertThat(first.object(key).orElseThrow().version()).isEqualTo("42");
        assertThat(second.get(key).orElseThrow()).as("not parsed again").isSameAs(first.get(key).orElseThrow());
        assertThat(second.list("Endpoints")).as("computed from slices, so versionless")
                .allSatisfy(e -> assertThat(second.object(e.key()).orElseThrow().version()).isNull());
    }

    @Test
    void thePublishServiceIsFoundByNamespaceAndName() {
        ClusterSnapshot snapshot = snapshot(List.of(), List.of(), List.of());

        assertThat(snapshot.service(new ControllerOptions.ServiceRef("httpbin", "httpbin"))).isPresent();
        assertThat(snapshot.service(new ControllerOptions.ServiceRef("other", "httpbin"))).isEmpty();
    }
}

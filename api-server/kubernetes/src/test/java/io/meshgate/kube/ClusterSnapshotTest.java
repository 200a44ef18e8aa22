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
import io.meshgate.ingress.IngressInputs;
import io.meshgate.ingress.IngressSettings;
import io.meshgate.ingress.IngressTranslation;
import io.meshgate.ingress.IngressTranslator;
import io.meshgate.resources.Resource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** fabric8 objects in, the translator's inputs out, and the translation they give. */
class ClusterSnapshotTest {
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

    @Test
    void theSeedIngressTranslatesToAClusterOfTheSlicesReadyEndpoints() {
        IngressInputs inputs = snapshot(List.of(Fixtures.seedIngress()), List.of(), List.of()).toInputs("pipy", converter);
        assertThat(inputs.ingresses()).extracting(Resource::name).containsExactly("httpbin");
        assertThat(inputs.services()).extracting(Resource::name).containsExactly("httpbin");
        assertThat(inputs.endpoints()).extracting(Resource::name).containsExactly("httpbin");
        assertThat(inputs.secrets()).extracting(Resource::name).containsExactly("tls");
        assertThat(inputs.meshConfig()).isNull();

        IngressTranslation translation = IngressTranslator.translate(inputs, IngressSettings.of("127.0.0.1", 0, 0));
        assertThat(translation.config().clusters()).hasSize(1);
        Cluster cluster = translation.config().clusters().getFirst();
        assertThat(cluster.endpoints()).containsExactly(Endpoint.of("10.0.0.1", 8000), Endpoint.of("10.0.0.2", 8000));
        assertThat(translation.statuses()).hasSize(1);
    }

    @Test
    void onlyIngressesOfOurClassAreTranslated() {
        Ingress legacy = new IngressBuilder(withClass("legacy", null)).editMetadata()
                .addToAnnotations(IngressClassFilter.CLASS_ANNOTATION, "pipy").endMetadata().build();
        List<Ingress> ingresses = List.of(withClass("ours", "pipy"), withClass("nginx", "nginx"),
                withClass("unclassed", null), legacy);
        IngressInputs inputs = snapshot(ingresses, List.of(), List.of()).toInputs("pipy", converter);
        assertThat(inputs.ingresses()).extracting(Resource::name).containsExactly("legacy", "ours");
        // handed to the translator with its class, which it then serves
        assertThat(inputs.ingresses()).allMatch(i -> i.spec().path("ingressClassName").asText().equals("pipy"));
        assertThat(IngressTranslator.translate(inputs, IngressSettings.of("127.0.0.1", 0, 0)).statuses()).hasSize(2);
    }

    @Test
    void anIngressWithoutClassIsOursWhenOurIngressClassIsTheDefault() {
        IngressClass defaultClass = new IngressClassBuilder().withNewMetadata().withName("pipy")
                .addToAnnotations(IngressClassFilter.DEFAULT_CLASS_ANNOTATION, "true").endMetadata()
                .withNewSpec().withController("flomesh.io/ingress-pipy").endSpec().build();
        IngressInputs inputs = snapshot(List.of(withClass("unclassed", null), withClass("nginx", "nginx")),
                List.of(defaultClass), List.of()).toInputs("pipy", converter);
        assertThat(inputs.ingresses()).extracting(Resource::name).containsExactly("unclassed");
    }

    @Test
    void anotherClassNameCanBeServed() {
        IngressInputs inputs = snapshot(List.of(withClass("a", "pipy"), withClass("b", "meshgate")), List.of(), List.of())
                .toInputs("meshgate", converter);
        assertThat(inputs.ingresses()).extracting(Resource::name).containsExactly("b");
        assertThat(IngressTranslator.translate(inputs, IngressSettings.of("127.0.0.1", 0, 0)).statuses()).hasSize(1);
    }

    @Test
    void theMeshConfigNamedFsmMeshConfigIsUsed() {
        GenericKubernetesResource other = meshConfig("another", false);
        GenericKubernetesResource fsm = meshConfig(ControllerOptions.MESH_CONFIG_NAME, true);
        IngressInputs inputs = snapshot(List.of(), List.of(), List.of(other, fsm)).toInputs("pipy", converter);
        assertThat(inputs.meshConfig().name()).isEqualTo("fsm-mesh-config");
        assertThat(inputs.meshConfig().kind()).isEqualTo("MeshConfig");
        assertThat(inputs.meshConfig().spec().path("ingress").path("tls").path("enabled").asBoolean()).isTrue();
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
        IngressInputs inputs = withBackends.toInputs("pipy", converter);

        Map<io.meshgate.resources.ResourceKey, io.meshgate.ingress.IngressBackendStatus> statuses =
                withBackends.ingressBackendStatuses(inputs, converter);

        assertThat(statuses).hasSize(2);
        assertThat(statuses.entrySet()).anySatisfy(e -> {
            assertThat(e.getKey().name()).isEqualTo("httpbin");
            assertThat(e.getValue().currentStatus()).isEqualTo("committed");
        }).anySatisfy(e -> {
            assertThat(e.getKey().name()).isEqualTo("orphan");
            assertThat(e.getValue().reason()).isEqualTo("backend service httpbin/nowhere not found");
        });
        assertThat(base.ingressBackendStatuses(base.toInputs("pipy", converter), converter)).isEmpty();
    }

    @Test
    void thePublishServiceIsFoundByNamespaceAndName() {
        ClusterSnapshot snapshot = snapshot(List.of(), List.of(), List.of());

        assertThat(snapshot.service(new ControllerOptions.ServiceRef("httpbin", "httpbin"))).isPresent();
        assertThat(snapshot.service(new ControllerOptions.ServiceRef("other", "httpbin"))).isEmpty();
    }
}

package io.meshgate.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class KindRegistryTest {
    private static final KindRegistry KINDS = KindRegistry.standard();

    @Test
    void servesTwentyEightKindsWithTheirRestPlurals() {
        assertThat(KINDS.kinds()).extracting(KindInfo::plural).containsExactlyInAnyOrder(
                "ingresses", "ingressclasses", "ingressbackends", "egresses", "egressgateways", "trafficsplits",
                "httproutegroups", "tcproutes", "traffictargets", "upstreamtrafficsettings", "retries",
                "accesscontrols", "accesscerts", "meshconfigs", "plugins", "pluginchains", "pluginconfigs",
                "serviceexports", "serviceimports", "globaltrafficpolicies", "clusters", "namespaces", "services",
                "endpoints", "secrets", "serviceaccounts", "configmaps", "pods");
        assertThat(KINDS.byPlural("retries").orElseThrow().kind()).isEqualTo("Retry");
        assertThat(KINDS.byKind("HTTPRouteGroup").orElseThrow().plural()).isEqualTo("httproutegroups");
        assertThat(KINDS.byKind("ingress")).isEmpty();
    }

    @Test
    void commandLineNamesResolveByKindPluralOrSingular() {
        assertThat(KINDS.resolve("ingress").orElseThrow().kind()).isEqualTo("Ingress");
        assertThat(KINDS.resolve("Ingresses").orElseThrow().kind()).isEqualTo("Ingress");
        assertThat(KINDS.resolve("upstreamtrafficsetting").orElseThrow().kind()).isEqualTo("UpstreamTrafficSetting");
        assertThat(KINDS.resolve("HTTPRouteGroup").orElseThrow().plural()).isEqualTo("httproutegroups");
        assertThat(KINDS.resolve("pod").orElseThrow().kind()).isEqualTo("Pod");
        assertThat(KINDS.resolve("deployments")).isEmpty();
    }

    @Test
    void fourKindsAreClusterScoped() {
        assertThat(KINDS.kinds()).filteredOn(info -> !info.namespaced()).extracting(KindInfo::kind)
                .containsExactlyInAnyOrder("Namespace", "IngressClass", "Plugin", "Cluster");
    }

    @Test
    void apiVersionsFollowTheSeed() {
        assertThat(KINDS.byKind("ServiceExport").orElseThrow().apiVersions())
                .containsExactly("multicluster.flomesh.io/v1alpha1", "flomesh.io/v1alpha1");
        assertThat(KINDS.byKind("Cluster").orElseThrow().accepts("flomesh.io/v1alpha1")).isTrue();
        assertThat(KINDS.byKind("TrafficSplit").orElseThrow().apiVersions()).containsExactly("split.smi-spec.io/v1alpha4");
        assertThat(KINDS.byKind("TrafficTarget").orElseThrow().apiVersions()).containsExactly("access.smi-spec.io/v1alpha3");
        assertThat(KINDS.byKind("MeshConfig").orElseThrow().apiVersions()).containsExactly("config.flomesh.io/v1alpha3");
        assertThat(KINDS.byKind("Secret").orElseThrow().apiVersions()).containsExactly("v1");
        assertThat(KINDS.byKind("Secret").orElseThrow().group()).isEmpty();
        assertThat(KINDS.byKind("Ingress").orElseThrow().group()).isEqualTo("networking.k8s.io");
    }

    @Test
    void aWrongApiVersionErrorNamesTheAcceptedOnes() {
        Resource export = ValidManifests.parse("ServiceExport").withApiVersion("flomesh.io/v1beta1");

        assertThat(ResourceValidator.standard().validate(export)).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("apiVersion");
            assertThat(error.message()).isEqualTo("Unsupported value: \"flomesh.io/v1beta1\": supported values:"
                    + " \"multicluster.flomesh.io/v1alpha1\", \"flomesh.io/v1alpha1\"");
        });
    }

    @Test
    void anUnknownKindIsAnErrorListingTheServedKinds() {
        Resource deployment = Resource.withSpec("apps/v1", "Deployment", ObjectMeta.of("default", "d"), null);

        assertThat(ResourceValidator.standard().validate(deployment)).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("kind");
            assertThat(error.message()).startsWith("Unsupported value: \"Deployment\": supported values: \"Namespace\"");
        });
    }

    @Test
    void aRegistryRejectsTwoRowsForOneKindOrPlural() {
        KindInfo service = KINDS.byKind("Service").orElseThrow();
        KindInfo alias = new KindInfo("Svc", List.of(""), List.of("v1"), "v1", "services", true, NameRule.DNS_1035_LABEL,
                service.validator());

        assertThatThrownBy(() -> new KindRegistry(List.of(service, service))).hasMessageContaining("kind listed twice");
        assertThatThrownBy(() -> new KindRegistry(List.of(service, alias))).hasMessageContaining("plural listed twice");
        assertThatThrownBy(() -> new KindInfo("X", List.of("a.io"), List.of("v1"), "b.io/v1", "xs", true,
                NameRule.DNS_SUBDOMAIN, service.validator())).hasMessageContaining("not accepted");
    }
}

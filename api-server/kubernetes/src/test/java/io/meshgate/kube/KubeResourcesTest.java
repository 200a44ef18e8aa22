package io.meshgate.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.meshgate.resources.Resource;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** fabric8 objects to the resources module's {@link Resource}, and the conversion memory. */
class KubeResourcesTest {
    private final KubeResources converter = new KubeResources();

    @Test
    void anIngressKeepsItsSpecMetadataAndStatus() {
        Ingress ingress = new IngressBuilder(Fixtures.seedIngress()).editMetadata()
                .withUid("u-1").withResourceVersion("7").withCreationTimestamp("2024-01-31T12:00:00Z")
                .addToAnnotations("pipy.ingress.kubernetes.io/lb-type", "round_robin")
                .addNewOwnerReference().withName("x").withKind("Y").withApiVersion("v1").withUid("o").endOwnerReference()
                .endMetadata()
                .withNewStatus().withNewLoadBalancer().addNewIngress().withIp("10.0.2.4").endIngress().endLoadBalancer()
                .endStatus().build();
        Resource r = converter.convert(ingress).orElseThrow();
        assertThat(r.apiVersion()).isEqualTo("networking.k8s.io/v1");
        assertThat(r.kind()).isEqualTo("Ingress");
        assertThat(r.key().toString()).isEqualTo("Ingress httpbin/httpbin");
        assertThat(r.metadata().uid()).isEqualTo("u-1");
        assertThat(r.metadata().creationTimestamp()).isEqualTo(Instant.parse("2024-01-31T12:00:00Z"));
        assertThat(r.metadata().annotations()).containsEntry("pipy.ingress.kubernetes.io/lb-type", "round_robin");
        assertThat(r.spec().path("rules").get(0).path("host").asText()).isEqualTo("example.com");
        assertThat(r.spec().path("rules").get(0).path("http").path("paths")).hasSize(2);
        assertThat(r.status().path("loadBalancer").path("ingress").get(0).path("ip").asText()).isEqualTo("10.0.2.4");
    }

    @Test
    void aSecretKeepsItsTypeAndData() {
        Secret secret = new SecretBuilder().withNewMetadata().withNamespace("httpbin").withName("tls").endMetadata()
                .withType("kubernetes.io/tls").addToData("tls.crt", "Y2VydA==").build();
        Resource r = converter.convert(secret).orElseThrow();
        assertThat(r.apiVersion()).isEqualTo("v1");
        assertThat(r.field("type").asText()).isEqualTo("kubernetes.io/tls");
        assertThat(r.field("data").path("tls.crt").asText()).isEqualTo("Y2VydA==");
    }

    @Test
    void anObjectTheModelCannotReadIsLeftOut() {
        Ingress nameless = new IngressBuilder(Fixtures.seedIngress()).editMetadata().withName(null).endMetadata().build();
        Ingress badTime = new IngressBuilder(Fixtures.seedIngress()).editMetadata()
                .withCreationTimestamp("yesterday").endMetadata().build();
        assertThat(converter.convert(badTime)).isEmpty();
        assertThat(converter.convertAll(List.of(badTime, Fixtures.seedIngress()))).hasSize(1);
        assertThat(converter.convert(nameless)).isPresent(); // a missing name is the validator's business
    }

    @Test
    void conversionsAreRememberedByUidAndResourceVersionUntilSwept() {
        Ingress v1 = versioned("1");
        Optional<Resource> first = converter.convert(v1);
        assertThat(converter.convert(versioned("1")).orElseThrow()).isSameAs(first.orElseThrow());

        Ingress v2 = new IngressBuilder(versioned("2")).editSpec().editFirstRule().withHost("changed.example.com")
                .endRule().endSpec().build();
        Resource second = converter.convert(v2).orElseThrow();
        assertThat(second).isNotSameAs(first.orElseThrow());
        assertThat(second.spec().path("rules").get(0).path("host").asText()).isEqualTo("changed.example.com");

        // used since the last sweep: kept over one sweep; unused for a whole generation: forgotten
        converter.sweep();
        assertThat(converter.convert(v2).orElseThrow()).isSameAs(second);
        converter.sweep();
        converter.sweep();
        assertThat(converter.convert(v2).orElseThrow()).isNotSameAs(second).isEqualTo(second);
    }

    private static Ingress versioned(String resourceVersion) {
        return new IngressBuilder(Fixtures.seedIngress()).editMetadata().withUid("uid-1")
                .withResourceVersion(resourceVersion).endMetadata().build();
    }
}

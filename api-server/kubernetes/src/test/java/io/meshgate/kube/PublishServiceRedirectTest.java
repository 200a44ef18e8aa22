package io.meshgate.kube;

import static io.meshgate.kube.IngressControllerTest.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshgate.config.ProxyConfig;
import io.meshgate.ingress.IngressTranslator;
import io.meshgate.kernel.Kernel;
import io.meshgate.kernel.KernelOptions;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP-to-HTTPS redirect names the HTTPS port of the publish Service, which clients go
 * through, not the pod's listener port (mock API server, CRUD mode, real HTTP requests).
 */
class PublishServiceRedirectTest {
    private MockCluster cluster;
    private KubernetesClient client;
    private Kernel kernel;
    private IngressController controller;

    @BeforeEach
    void setUp() {
        cluster = new MockCluster();
        client = cluster.newClient();
        kernel = Kernel.start(KernelOptions.defaults(), ProxyConfig.empty());
    }

    @AfterEach
    void tearDown() {
        if (controller != null) {
            controller.close();
        }
        kernel.shutdown(Duration.ZERO);
        cluster.close();
    }

    /** The publish Service: {@code http} 80 and {@code https} on {@code httpsPort}, both to the pods' 8443. */
    private static Service publishService(int httpsPort) {
        return new ServiceBuilder().withNewMetadata().withNamespace("fsm-system").withName("fsm-ingress").endMetadata()
                .withNewSpec().withType("LoadBalancer").withClusterIP("10.43.243.124")
                .addNewPort().withName("http").withPort(80).withTargetPort(new IntOrString(8000)).endPort()
                .addNewPort().withName("https").withPort(httpsPort).withTargetPort(new IntOrString(8443)).endPort()
                .endSpec().build();
    }

    private static Secret certificate() throws Exception {
        X509Bundle ca = new CertificateBuilder().subject("CN=test ca").setIsCertificateAuthority(true).buildSelfSigned();
        X509Bundle bundle = new CertificateBuilder().subject("CN=example.com").addSanDnsName("example.com")
                .addExtendedKeyUsageServerAuth().buildIssuedBy(ca);
        return new SecretBuilder().withNewMetadata().withNamespace("httpbin").withName("example-cert").endMetadata()
                .withType("kubernetes.io/tls")
                .addToStringData("tls.crt", bundle.getCertificatePathPEM())
                .addToStringData("tls.key", bundle.getPrivateKeyPEM()).build();
    }

    private void createCluster() throws Exception {
        // MeshConfig ingress.tls.enabled: the controller serves certificates, hence redirects
        client.genericKubernetesResources(ClusterInformers.meshConfigContext()).inNamespace("fsm-system")
                .resource(new GenericKubernetesResourceBuilder().withApiVersion("config.flomesh.io/v1alpha3")
                        .withKind("MeshConfig").withNewMetadata().withNamespace("fsm-system")
                        .withName(ControllerOptions.MESH_CONFIG_NAME).endMetadata()
                        .addToAdditionalProperties("spec", Map.of("ingress", Map.of("tls", Map.of("enabled", true))))
                        .build()).create();
        client.resource(certificate()).create();
        client.resource(Fixtures.httpbinService()).create();
        client.resource(new IngressBuilder(Fixtures.seedIngress()).editSpec().addNewTl().addToHosts("example.com")
                .withSecretName("example-cert").endTl().endSpec().build()).create();
    }

    private String location() {
        HttpResponse<String> answer = Fixtures.get(kernel.port(IngressTranslator.HTTP_LISTENER), "example.com", "/hi");
        assertThat(answer.statusCode()).isEqualTo(308);
        return answer.headers().firstValue("location").orElse("");
    }

    @Test
    void theRedirectNamesThePublishServicesHttpsPortAndFollowsIt() throws Exception {
        createCluster();
        client.resource(publishService(9443)).create();
        controller = IngressController.start(client, IngressControllerTest.testOptions(), kernel::apply, "test-a",
                Duration.ofSeconds(30));

        eventually().untilAsserted(() -> assertThat(location()).isEqualTo("https://example.com:9443/hi"));
        assertThat(kernel.port(IngressTranslator.HTTPS_LISTENER)).as("the pod's own HTTPS port").isNotEqualTo(9443);

        // 443 is the scheme's default: no port in the Location
        client.resource(publishService(443)).update();
        eventually().untilAsserted(() -> assertThat(location()).isEqualTo("https://example.com/hi"));
    }
}

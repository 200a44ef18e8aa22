package io.meshgate.reconcile.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.config.Cluster;
import io.meshgate.config.DownstreamTls;
import io.meshgate.config.Endpoint;
import io.meshgate.config.GlobalPassthrough;
import io.meshgate.config.HttpListener;
import io.meshgate.config.HttpSettings;
import io.meshgate.config.Listener;
import io.meshgate.config.PrivateKeyPem;
import io.meshgate.config.ProxyConfig;
import io.meshgate.config.ServerCertificate;
import io.meshgate.config.SniPassthrough;
import io.meshgate.ingress.IngressTranslator;
import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceCodec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which address and ports an Ingress's status shows. */
class IngressLoadBalancerTest {
    private static final ProxyConfig PLAIN = config(null, List.of(), null, false);

    private static Resource ingress(String host, String annotations) {
        return new ResourceCodec().parse("""
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata:
                  name: web
                  namespace: demo
                  annotations: {%s}
                spec:
                  rules:
                  - host: %s
                """.formatted(annotations, host)).getFirst();
    }

    private static ProxyConfig config(DownstreamTls tls, List<SniPassthrough> passthrough, GlobalPassthrough global,
                                      boolean https) {
        List<Listener> listeners = new ArrayList<>();
        listeners.add(HttpListener.plain(IngressTranslator.HTTP_LISTENER, "127.0.0.1", 8000, List.of()));
        if (https) {
            listeners.add(new HttpListener(IngressTranslator.HTTPS_LISTENER, "127.0.0.1", 8443, List.of(), tls,
                    passthrough, global, HttpSettings.DEFAULTS));
        }
        return new ProxyConfig("v", listeners, passthrough.stream()
                .map(p -> Cluster.of(p.cluster(), List.of(Endpoint.of("127.0.0.1", 9443)))).toList());
    }

    private static DownstreamTls certificateFor(String name) {
        return new DownstreamTls(List.of(new ServerCertificate(List.of(name), "-----BEGIN CERTIFICATE-----",
                PrivateKeyPem.of("-----BEGIN PRIVATE KEY-----"), null)), null);
    }

    private static String ports(Resource ingress, ProxyConfig config) {
        return IngressLoadBalancer.of(ingress, config, "127.0.0.1", 8000, 8443).at("/ingress/0/ports").toString();
    }

    @Test
    void anIpOrAHostName() {
        assertThat(IngressLoadBalancer.of(ingress("a.example", ""), PLAIN, "10.1.2.3", 80, 443).toString())
                .isEqualTo("{\"ingress\":[{\"ip\":\"10.1.2.3\",\"ports\":[{\"port\":80,\"protocol\":\"TCP\"}]}]}");
        assertThat(IngressLoadBalancer.of(ingress("a.example", ""), PLAIN, "gw.example.net", 80, 443)
                .at("/ingress/0/hostname").asText()).isEqualTo("gw.example.net");
        assertThat(IngressLoadBalancer.of(ingress("a.example", ""), PLAIN, "[::1]", 80, 443)
                .at("/ingress/0/ip").asText()).isEqualTo("::1");
        assertThat(IngressLoadBalancer.defaultAddress("0.0.0.0")).isEqualTo("127.0.0.1");
        assertThat(IngressLoadBalancer.defaultAddress("192.0.2.7")).isEqualTo("192.0.2.7");
    }

    @Test
    void theHttpsPortOnlyWhenTheTlsListenerServesOneOfItsHosts() {
        assertThat(ports(ingress("a.example", ""), config(certificateFor("a.example"), List.of(), null, true)))
                .contains("8000", "8443");
        assertThat(ports(ingress("x.apps.example", ""), config(certificateFor("*.apps.example"), List.of(), null, true)))
                .contains("8443");
        assertThat(ports(ingress("other.example", ""), config(certificateFor("a.example"), List.of(), null, true)))
                .doesNotContain("8443");
        assertThat(ports(ingress("httpbin.org", ""), config(null, List.of(),
                new GlobalPassthrough(443, List.of("httpbin.org")), true))).contains("8000", "8443");
        assertThat(ports(ingress("a.example", ""), PLAIN)).isEqualTo("[{\"port\":8000,\"protocol\":\"TCP\"}]");
    }

    @Test
    void aPassedThroughIngressIsOnlyOnTheTlsPort() {
        Resource passed = ingress("secure.example.com", "\"" + IngressTranslator.PASSTHROUGH + "\": \"true\"");
        assertThat(ports(passed, config(null, List.of(new SniPassthrough(List.of("secure.example.com"), "c")), null, true)))
                .isEqualTo("[{\"port\":8443,\"protocol\":\"TCP\"}]");
        assertThat(IngressLoadBalancer.of(passed, PLAIN, "127.0.0.1", 8000, 8443).isEmpty()).isTrue();
    }
}

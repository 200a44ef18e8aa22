package io.meshgate.kube;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Objects and requests shared by the tests. */
final class Fixtures {
    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private Fixtures() {}

    /** Seed 3.2's basic Ingress (namespace httpbin, host example.com, / and /hi to httpbin:8000). */
    static Ingress seedIngress() {
        try (InputStream in = Fixtures.class.getResourceAsStream("/seed-3.2-ingress.yaml")) {
            return SERIALIZATION.unmarshal(new String(in.readAllBytes(), StandardCharsets.UTF_8), Ingress.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Seed 3.2's httpbin Service: ports 8443 (https) and 8000 (http). */
    static Service httpbinService() {
        return new ServiceBuilder().withNewMetadata().withNamespace("httpbin").withName("httpbin").endMetadata()
                .withNewSpec().withClusterIP("10.43.0.10")
                .addNewPort().withName("https").withPort(8443).endPort()
                .addNewPort().withName("http").withPort(8000).endPort()
                .endSpec().build();
    }

    /** A slice of httpbin whose {@code http} port is {@code port} on {@code ip}, ready or not. */
    static EndpointSlice slice(String name, String ip, int port, Boolean ready) {
        return new EndpointSliceBuilder().withNewMetadata().withNamespace("httpbin").withName(name)
                .addToLabels(EndpointSlices.SERVICE_NAME_LABEL, "httpbin").endMetadata()
                .withAddressType("IPv4")
                .addNewEndpoint().withAddresses(ip).withNewConditions().withReady(ready).endConditions().endEndpoint()
                .addNewPort().withName("http").withPort(port).withProtocol("TCP").endPort()
                .build();
    }

    /** The controller's publish Service with a load balancer address, as in seed 3.2 ({@code 10.0.2.4}). */
    static Service publishService(String lbIp) {
        return new ServiceBuilder().withNewMetadata().withNamespace("fsm-system").withName("fsm-ingress").endMetadata()
                .withNewSpec().withType("LoadBalancer").withClusterIP("10.43.243.124")
                .addNewPort().withName("http").withPort(80).endPort().endSpec()
                .withNewStatus().withNewLoadBalancer().addNewIngress().withIp(lbIp).endIngress().endLoadBalancer()
                .endStatus().build();
    }

    /** GET http://127.0.0.1:port/path with the given Host. */
    static HttpResponse<String> get(int port, String host, String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Host", host).timeout(Duration.ofSeconds(10)).GET().build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package io.meshgate.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.meshgate.resources.Resource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** EndpointSlices of a Service folded into one Endpoints-shaped resource. */
class EndpointSlicesTest {

    @Test
    void readyEndpointsOfAllSlicesOfAServiceBecomeOneSubsetPerPortSet() {
        List<Resource> out = EndpointSlices.toEndpoints(List.of(
                Fixtures.slice("httpbin-b", "10.0.0.2", 8000, true),
                Fixtures.slice("httpbin-a", "10.0.0.1", 8000, null),   // ready absent counts as ready
                Fixtures.slice("httpbin-c", "10.0.0.3", 8000, false))); // not ready: left out
        assertThat(out).hasSize(1);
        Resource endpoints = out.getFirst();
        assertThat(endpoints.kind()).isEqualTo("Endpoints");
        assertThat(endpoints.apiVersion()).isEqualTo("v1");
        assertThat(endpoints.key().toString()).isEqualTo("Endpoints httpbin/httpbin");
        JsonNode subsets = endpoints.field("subsets");
        assertThat(subsets).hasSize(1);
        assertThat(ips(subsets.get(0))).containsExactly("10.0.0.1", "10.0.0.2");
        assertThat(subsets.get(0).path("ports").get(0).path("name").asText()).isEqualTo("http");
        assertThat(subsets.get(0).path("ports").get(0).path("port").asInt()).isEqualTo(8000);
    }

    @Test
    void anAddressInTwoSlicesIsListedOnceAndOnlyAnEndpointsFirstAddressIsUsed() {
        EndpointSlice twoAddresses = new EndpointSliceBuilder(Fixtures.slice("httpbin-x", "10.0.0.5", 8000, true))
                .editFirstEndpoint().withAddresses("10.0.0.5", "10.0.0.6").endEndpoint().build();
        List<Resource> out = EndpointSlices.toEndpoints(List.of(twoAddresses,
                Fixtures.slice("httpbin-y", "10.0.0.5", 8000, true)));
        assertThat(ips(out.getFirst().field("subsets").get(0))).containsExactly("10.0.0.5");
    }

    @Test
    void slicesWithDifferentPortsGiveSeparateSubsetsAndUnnamedPortsHaveNoName() {
        EndpointSlice unnamed = new EndpointSliceBuilder(Fixtures.slice("httpbin-old", "10.0.0.9", 9000, true))
                .editFirstPort().withName(null).endPort().build();
        List<Resource> out = EndpointSlices.toEndpoints(List.of(unnamed,
                Fixtures.slice("httpbin-new", "10.0.0.1", 8000, true)));
        JsonNode subsets = out.getFirst().field("subsets");
        assertThat(subsets).hasSize(2);
        List<String> portNames = new ArrayList<>();
        subsets.forEach(s -> portNames.add(s.path("ports").get(0).path("name").asText("<none>")));
        assertThat(portNames).containsExactlyInAnyOrder("http", "<none>");
    }

    @Test
    void slicesWithoutServiceLabelFqdnSlicesAndNonTcpPortsAreIgnored() {
        EndpointSlice noLabel = new EndpointSliceBuilder(Fixtures.slice("orphan", "10.0.0.1", 8000, true))
                .editMetadata().withLabels(null).endMetadata().build();
        EndpointSlice fqdn = new EndpointSliceBuilder(Fixtures.slice("httpbin-f", "db.example.com", 8000, true))
                .withAddressType("FQDN").build();
        EndpointSlice udp = new EndpointSliceBuilder(Fixtures.slice("httpbin-u", "10.0.0.7", 53, true))
                .editFirstPort().withProtocol("UDP").endPort().build();
        List<Resource> out = EndpointSlices.toEndpoints(List.of(noLabel, fqdn, udp));
        // httpbin exists (it has slices) but has nothing usable: an Endpoints without subsets
        assertThat(out).hasSize(1);
        assertThat(out.getFirst().name()).isEqualTo("httpbin");
        assertThat(out.getFirst().field("subsets")).isEmpty();
    }

    @Test
    void servicesAreKeptApartByNamespaceAndName() {
        EndpointSlice other = new EndpointSliceBuilder(Fixtures.slice("web-1", "10.1.0.1", 80, true))
                .editMetadata().withNamespace("shop").addToLabels(EndpointSlices.SERVICE_NAME_LABEL, "web")
                .endMetadata().build();
        List<Resource> out = EndpointSlices.toEndpoints(List.of(other, Fixtures.slice("httpbin-1", "10.0.0.1", 8000, true)));
        assertThat(out).extracting(r -> r.namespace() + "/" + r.name()).containsExactly("httpbin/httpbin", "shop/web");
    }

    private static List<String> ips(JsonNode subset) {
        List<String> ips = new ArrayList<>();
        subset.path("addresses").forEach(a -> ips.add(a.path("ip").asText()));
        return ips;
    }
}

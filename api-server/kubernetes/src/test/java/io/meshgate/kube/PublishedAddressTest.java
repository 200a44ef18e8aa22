package io.meshgate.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressStatusBuilder;
import io.meshgate.kube.PublishedAddress.Address;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which address of the publish Service is written to Ingress status. */
class PublishedAddressTest {

    @Test
    void loadBalancerEntriesWinAndAreSorted() {
        Service svc = new ServiceBuilder(Fixtures.publishService("10.0.2.9")).editStatus().editLoadBalancer()
                .addNewIngress().withHostname("lb.example.com").endIngress()
                .addNewIngress().withIp("10.0.2.4").endIngress().endLoadBalancer().endStatus()
                .editSpec().withExternalIPs("192.0.2.1").endSpec().build();
        assertThat(PublishedAddress.of(svc)).containsExactly(new Address(null, "lb.example.com"),
                new Address("10.0.2.4", null), new Address("10.0.2.9", null));
    }

    @Test
    void withoutLoadBalancerExternalIpsThenTheClusterIp() {
        Service pending = new ServiceBuilder(Fixtures.publishService("x")).withNewStatus().endStatus().build();
        assertThat(PublishedAddress.of(pending)).containsExactly(new Address("10.43.243.124", null));
        Service external = new ServiceBuilder(pending).editSpec().withExternalIPs("192.0.2.1").endSpec().build();
        assertThat(PublishedAddress.of(external)).containsExactly(new Address("192.0.2.1", null));
    }

    @Test
    void headlessOrMissingServicesHaveNoAddress() {
        Service headless = new ServiceBuilder(Fixtures.publishService("x")).withNewStatus().endStatus()
                .editSpec().withClusterIP("None").endSpec().build();
        assertThat(PublishedAddress.of(headless)).isEmpty();
        assertThat(PublishedAddress.of(null)).isEmpty();
    }

    @Test
    void theCurrentStatusComparesRegardlessOfOrder() {
        var status = new IngressStatusBuilder().withNewLoadBalancer()
                .addNewIngress().withIp("10.0.2.5").endIngress()
                .addNewIngress().withIp("10.0.2.4").endIngress().endLoadBalancer().build();
        List<Address> desired = List.of(new Address("10.0.2.4", null), new Address("10.0.2.5", null));
        assertThat(PublishedAddress.current(status)).isEqualTo(desired);
        assertThat(PublishedAddress.current(null)).isEmpty();
        assertThat(PublishedAddress.toStatus(desired)).extracting(i -> i.getIp()).containsExactly("10.0.2.4", "10.0.2.5");
    }
}

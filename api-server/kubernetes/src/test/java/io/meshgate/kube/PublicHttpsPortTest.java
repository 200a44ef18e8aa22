package io.meshgate.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import org.junit.jupiter.api.Test;

/** Which HTTPS port the redirect names, from the publish Service in front of the pods. */
class PublicHttpsPortTest {
    private static final int LISTENER = 8443;

    /** The Service as the reconciler's snapshot holds it (a resource converted from fabric8's object). */
    private static int of(Service service, int listener) {
        return PublicHttpsPort.of(service == null ? null : new KubeResources().convert(service).orElse(null), listener);
    }

    private static ServicePort port(String name, int number) {
        return new ServicePortBuilder().withName(name).withPort(number).build();
    }

    private static Service service(ServicePort... ports) {
        return new ServiceBuilder().withNewMetadata().withNamespace("fsm-system").withName("fsm-ingress").endMetadata()
                .withNewSpec().withPorts(ports).endSpec().build();
    }

    @Test
    void thePortNamedHttpsIsUsed() {
        assertThat(of(service(port("http", 80), port("https", 443)), LISTENER)).isEqualTo(443);
        assertThat(of(service(port("http", 80), port("https", 9443)), LISTENER)).isEqualTo(9443);
    }

    @Test
    void theNamedPortWinsOverAnUnnamed443() {
        assertThat(of(service(port("other", 443), port("https", 9443)), LISTENER)).isEqualTo(9443);
    }

    @Test
    void withoutAPortNamedHttpsPort443IsUsed() {
        assertThat(of(service(port("http", 80), port("tls", 443)), LISTENER)).isEqualTo(443);
        assertThat(of(service(port(null, 443)), LISTENER)).isEqualTo(443);
    }

    @Test
    void otherwiseTheListenerPortIsUsed() {
        assertThat(of(service(port("http", 80)), LISTENER)).isEqualTo(LISTENER);
        assertThat(of(service(), LISTENER)).isEqualTo(LISTENER);
        assertThat(of(new ServiceBuilder().build(), LISTENER)).isEqualTo(LISTENER);
        assertThat(of(null, LISTENER)).as("no publish Service").isEqualTo(LISTENER);
    }
}

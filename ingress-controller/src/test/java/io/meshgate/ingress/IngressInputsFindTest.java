package io.meshgate.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceCodec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IngressInputsFindTest {
    private static Resource service(String namespace, String name) {
        return new ResourceCodec().parse("""
                apiVersion: v1
                kind: Service
                metadata: {name: %s, namespace: %s}
                spec: {ports: [{port: 80}]}
                """.formatted(name, namespace)).getFirst();
    }

    @Test
    void findsEveryServiceByNamespaceAndNameWhateverOrderTheyCameIn() {
        List<Resource> services = new ArrayList<>();
        for (String ns : List.of("zeta", "alpha", "mid")) {
            for (String name : List.of("web", "api", "db", "a-b", "x")) {
                services.add(service(ns, name));
            }
        }
        IngressInputs inputs = IngressInputs.from(services);
        for (Resource s : services) {
            assertThat(inputs.find(inputs.services(), s.namespace(), s.name())).contains(s);
        }
        assertThat(inputs.find(inputs.services(), "alpha", "missing")).isEmpty();
        assertThat(inputs.find(inputs.services(), "nope", "web")).isEmpty();
        assertThat(inputs.find(inputs.endpoints(), "alpha", "web")).isEmpty();
    }
}

package io.meshgate.sidecar.translator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshgate.resources.Resource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What the golden files do not show: proxy names, and that the order of the inputs never matters. */
class SidecarTranslatorTest {
    private static final Path CASE = Path.of("src/test/resources/golden/http-route-group/input.yaml");

    @Test
    void proxyNamesCarryNamespaceAndPod() {
        Workload workload = new Workload("httpbin", "httpbin-5b8b94b9-lt2vs");
        assertThat(workload.proxyName()).isEqualTo("sidecar.httpbin.httpbin-5b8b94b9-lt2vs");
        assertThat(Workload.fromProxyName(workload.proxyName())).contains(workload);
        // a Pod name may hold dots; a namespace never does
        assertThat(Workload.fromProxyName("sidecar.demo.web.v1")).contains(new Workload("demo", "web.v1"));
        assertThat(Workload.fromProxyName("ingress-gateway")).isEmpty();
        assertThat(Workload.fromProxyName("sidecar.demo")).isEmpty();
        assertThat(Workload.fromProxyName("sidecar.demo.")).isEmpty();
        assertThat(Workload.fromProxyName("sidecar..pod")).isEmpty();
        assertThatThrownBy(() -> new Workload("a.b", "pod")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theOrderOfTheInputsDoesNotMatter() throws IOException {
        List<Resource> resources = SidecarTranslatorGoldenTest.read(CASE);
        Workload httpbin = new Workload("httpbin", "httpbin-5b8b94b9-lt2vs");
        WorkloadCertificate certificate = TestCertificates.of("httpbin", "httpbin");
        SidecarTranslation expected = SidecarTranslator.translate(SidecarInputs.from(resources), httpbin, certificate);
        Random random = new Random(12);
        for (int i = 0; i < 5; i++) {
            List<Resource> shuffled = new ArrayList<>(resources);
            Collections.shuffle(shuffled, random);
            assertThat(SidecarTranslator.translate(SidecarInputs.from(shuffled), httpbin, certificate))
                    .isEqualTo(expected);
        }
    }

    @Test
    void theCertificateIsNeededOnlyForAServedPod() throws IOException {
        SidecarInputs inputs = SidecarInputs.from(SidecarTranslatorGoldenTest.read(
                Path.of("src/test/resources/golden/pod-not-running/input.yaml")));
        assertThat(SidecarTranslator.serviceAccount(inputs, new Workload("demo", "web-pending"))).contains("web");
        assertThat(SidecarTranslator.serviceAccount(inputs, new Workload("demo", "web-done"))).isEmpty();
        assertThat(SidecarTranslator.serviceAccount(inputs, new Workload("demo", "nobody"))).isEmpty();
    }
}

package io.meshgate.kernel;

import io.meshgate.config.HttpListener;
import io.meshgate.config.ProxyConfig;
import io.meshgate.kernel.warmup.ThrowawayCertificate;
import io.meshgate.kernel.warmup.WarmUpConfig;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class KernelWarmUpTest {

    @Test
    void proxiesRequestsThroughTheThrowawayKernelAndEnds() {
        // the first round opens 128 connections at once into a cold JVM (in tests: paranoid leak detection), so the
        // budget leaves room for its first responses
        KernelWarmUp.Result result = KernelWarmUp.run(1, Duration.ofMillis(3_000));

        assertThat(result.failures()).as(result.toString()).isZero();
        assertThat(result.endedBy()).matches("the JIT settled|budget of 3000 ms spent( in the new-connection phase)?");
        assertThat(result.requests()).as(result.toString()).isPositive();
        assertThat(result.took()).isLessThan(Duration.ofSeconds(8));
    }

    @Test
    void aZeroBudgetDoesNothing() {
        KernelWarmUp.Result result = KernelWarmUp.run(1, Duration.ZERO);

        assertThat(result).isEqualTo(new KernelWarmUp.Result(0, 0, Duration.ZERO, "off"));
    }

    @Test
    void theConfigParses() {
        assertThat(WarmUpConfig.proxyTo(12345).listeners()).hasSize(1);
        assertThat(WarmUpConfig.proxyTo(12345).clusters().getFirst().endpoints().getFirst().port()).isEqualTo(12345);
    }

    @Test
    void theConfigHasRoutesWithWhatAnnotationsAdd() {
        ProxyConfig config = WarmUpConfig.proxyTo(12345);
        var routes = ((HttpListener) config.listeners().getFirst()).virtualHosts().getFirst().routes();

        assertThat(routes).extracting(r -> r.name()).containsExactly("rewritten", "redirected", "least-work", "all");
        assertThat(routes.get(0).filters()).extracting(f -> f.type()).containsExactly("rewrite");
        assertThat(routes.get(1).filters()).extracting(f -> f.type()).containsExactly("redirect");
        assertThat(config.clusters()).extracting(c -> c.lbPolicy().name())
                .containsExactly("ROUND_ROBIN", "HASHING", "LEAST_WORK");
        assertThat(config.clusters()).allSatisfy(c -> assertThat(c.endpoints().getFirst().port()).isEqualTo(12345));
    }

    @Test
    void withACertificateTheConfigAddsATlsListener() throws Exception {
        ProxyConfig config = WarmUpConfig.proxyTo(12345, ThrowawayCertificate.generate());

        assertThat(config.listeners()).extracting(l -> l.name()).containsExactly(WarmUpConfig.PROXY, WarmUpConfig.PROXY_TLS);
        assertThat(((HttpListener) config.listeners().get(1)).tls()).isNotNull();
        assertThat(((HttpListener) config.listeners().get(1)).settings())
                .isEqualTo(((HttpListener) config.listeners().get(0)).settings());
    }
}

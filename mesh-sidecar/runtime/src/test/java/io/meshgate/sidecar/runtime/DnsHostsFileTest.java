package io.meshgate.sidecar.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.config.DnsListener;
import io.meshgate.config.DnsRecord;
import io.meshgate.config.ProxyConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DnsHostsFileTest {
    private static final DnsListener DNS = new DnsListener("dns", "127.0.0.153", 5300,
            List.of(new DnsRecord("httpbin.httpbin", List.of("10.96.0.9"))), List.of("10.0.0.10"), Duration.ofSeconds(1));

    @Test
    void setsTheFileOnEveryDnsListenerAndKeepsTheRest() {
        ProxyConfig config = new ProxyConfig("v7", List.of(DNS), List.of());
        ProxyConfig adjusted = DnsHostsFile.of(Path.of("/etc/meshgate/hosts")).apply(config);
        assertThat(adjusted.version()).isEqualTo("v7");
        assertThat(adjusted.listeners()).singleElement().isEqualTo(new DnsListener("dns", "127.0.0.153", 5300,
                DNS.records(), DNS.upstreams(), Duration.ofSeconds(1), "/etc/meshgate/hosts"));
    }

    @Test
    void withoutAFileTheConfigIsUntouched() {
        ProxyConfig config = new ProxyConfig("v7", List.of(DNS), List.of());
        assertThat(DnsHostsFile.of(null).apply(config)).isSameAs(config);
        assertThat(DnsHostsFile.of(Path.of("/h")).apply(ProxyConfig.empty())).isEqualTo(ProxyConfig.empty());
    }
}

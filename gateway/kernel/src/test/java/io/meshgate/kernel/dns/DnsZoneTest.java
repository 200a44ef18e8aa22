package io.meshgate.kernel.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshgate.config.DnsListener;
import io.meshgate.config.DnsRecord;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DnsZoneTest {

    @Test
    void recordsAreFoundByTheirLowerCaseNameWithoutTrailingDot() {
        DnsZone zone = DnsZone.compile(listener(List.of(new DnsRecord("HttpBin.Default.", List.of("10.0.0.1"))), List.of()));
        assertThat(zone.ipv4("httpbin.default")).singleElement().isEqualTo(new byte[] {10, 0, 0, 1});
        assertThat(zone.ipv4("httpbin")).isNull();
        assertThat(zone.ipv4(null)).isNull();
        assertThat(zone.upstreams()).isEmpty();
        assertThat(zone.upstreamTimeout()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void upstreamsKeepTheirOrderAndDefaultToPort53() {
        DnsZone zone = DnsZone.compile(listener(List.of(), List.of("10.0.0.2", "127.0.0.1:5353", "[::1]:54", "fd00::1")));
        assertThat(zone.upstreams()).containsExactly(
                new InetSocketAddress("10.0.0.2", 53), new InetSocketAddress("127.0.0.1", 5353),
                new InetSocketAddress("::1", 54), new InetSocketAddress("fd00::1", 53));
    }

    @Test
    void anAddressThatIsNotIpv4IsRefusedNamingTheListenerAndRecord() {
        assertThatThrownBy(() -> DnsZone.compile(listener(List.of(new DnsRecord("a.b", List.of("fd00::1"))), List.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("listener dns: DNS record a.b: address 'fd00::1' is not an IPv4 address");
        assertThatThrownBy(() -> DnsZone.compile(listener(List.of(new DnsRecord("a.b", List.of("svc.example"))), List.of())))
                .hasMessageContaining("'svc.example' is not an IPv4 address");
    }

    @Test
    void upstreamsThatAreNotIpLiteralsWithAPortAreRefused() {
        for (String bad : List.of("dns.example", "10.0.0.1:0", "10.0.0.1:65536", "10.0.0.1:x", "[::1", "[::1]x", "[::1]:",
                " ", "300.1.1.1")) {
            assertThatThrownBy(() -> DnsZone.compile(listener(List.of(), List.of(bad))))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("listener dns: DNS upstream");
        }
    }

    @Test
    void aTimeoutThatIsNotPositiveIsRefused() {
        assertThatThrownBy(() -> DnsZone.compile(new DnsListener("dns", "127.0.0.1", 53, List.of(), List.of(), Duration.ZERO)))
                .hasMessage("listener dns: upstreamTimeout must be positive, got PT0S");
    }

    private static DnsListener listener(List<DnsRecord> records, List<String> upstreams) {
        return new DnsListener("dns", "127.0.0.1", 5300, records, upstreams, null);
    }
}

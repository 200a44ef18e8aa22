package io.meshgate.kernel.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class CidrRangeTest {

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void ipv4Networks() throws Exception {
        CidrRange r = CidrRange.parse("10.244.0.0/16");
        assertThat(r.contains(ip("10.244.3.7"))).isTrue();
        assertThat(r.contains(ip("10.245.0.1"))).isFalse();
        assertThat(CidrRange.parse("0.0.0.0/0").contains(ip("203.0.113.9"))).isTrue();
        assertThat(CidrRange.parse("192.168.1.77/24").contains(ip("192.168.1.1"))).as("host bits are masked").isTrue();
    }

    @Test
    void aBareAddressIsOneHost() throws Exception {
        CidrRange r = CidrRange.parse("10.0.0.5");
        assertThat(r.contains(ip("10.0.0.5"))).isTrue();
        assertThat(r.contains(ip("10.0.0.6"))).isFalse();
    }

    @Test
    void ipv6AndMappedClients() throws Exception {
        CidrRange r = CidrRange.parse("fd00:10::/32");
        assertThat(r.contains(ip("fd00:10:0:1::9"))).isTrue();
        assertThat(r.contains(ip("fd00:11::1"))).isFalse();
        assertThat(r.contains(ip("10.0.0.1"))).as("other family").isFalse();
        assertThat(CidrRange.parse("10.0.0.0/8").contains(ip("::ffff:10.1.2.3"))).isTrue();
    }

    @Test
    void refusesWhatIsNotACidr() {
        assertThatThrownBy(() -> CidrRange.parse("bookbuyer.example")).hasMessageContaining("not an IP address");
        assertThatThrownBy(() -> CidrRange.parse("10.0.0.0/33")).hasMessageContaining("0..32");
        assertThatThrownBy(() -> CidrRange.parse("fd00::/129")).hasMessageContaining("0..128");
        assertThatThrownBy(() -> CidrRange.parse("10.0.0.0/x")).hasMessageContaining("not a number");
    }
}

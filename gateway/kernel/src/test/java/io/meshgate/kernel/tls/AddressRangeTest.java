package io.meshgate.kernel.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressRangeTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "127.0.0.1, LOOPBACK", "127.255.255.254, LOOPBACK",
        "0.0.0.0, UNSPECIFIED", "0.1.2.3, UNSPECIFIED",
        "169.254.169.254, LINK_LOCAL", "169.254.0.1, LINK_LOCAL",
        "10.0.0.1, PRIVATE", "10.255.255.255, PRIVATE",
        "172.16.0.1, PRIVATE", "172.31.255.255, PRIVATE", "172.15.255.255, PUBLIC", "172.32.0.1, PUBLIC",
        "192.168.1.1, PRIVATE", "192.169.0.1, PUBLIC",
        "100.64.0.1, SHARED", "100.127.255.255, SHARED", "100.63.255.255, PUBLIC", "100.128.0.1, PUBLIC",
        "224.0.0.1, MULTICAST", "239.255.255.250, MULTICAST",
        "255.255.255.255, BROADCAST", "240.0.0.1, RESERVED",
        "8.8.8.8, PUBLIC", "1.1.1.1, PUBLIC", "126.255.255.255, PUBLIC", "128.0.0.1, PUBLIC",
    })
    void classifiesIpv4(String address, AddressRange expected) throws UnknownHostException {
        assertThat(AddressRange.of(InetAddress.getByName(address))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "::1, LOOPBACK", "::, UNSPECIFIED",
        "fe80::1, LINK_LOCAL", "febf:ffff::1, LINK_LOCAL",
        "fc00::1, PRIVATE", "fd12:3456:789a::1, PRIVATE", "fec0::1, PRIVATE",
        "ff02::1, MULTICAST", "ff05::2, MULTICAST",
        "2001:4860:4860::8888, PUBLIC", "2606:4700::1111, PUBLIC", "fbff::1, PUBLIC",
        "64:ff9b::a9fe:a9fe, LINK_LOCAL", "64:ff9b::808:808, PUBLIC",
        "::7f00:1, LOOPBACK", "::a00:1, PRIVATE", "::2, RESERVED",
    })
    void classifiesIpv6(String address, AddressRange expected) throws UnknownHostException {
        assertThat(AddressRange.of(InetAddress.getByName(address))).isEqualTo(expected);
    }

    /**
     * The JDK turns {@code ::ffff:a.b.c.d} text into an IPv4 address, but an address built from its
     * 16 bytes (as a dual-stack resolver may hand it over) stays IPv6: both are judged by the IPv4 part.
     */
    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "127.0.0.1, LOOPBACK", "169.254.169.254, LINK_LOCAL", "10.1.2.3, PRIVATE", "100.64.0.1, SHARED",
        "0.0.0.0, UNSPECIFIED", "255.255.255.255, BROADCAST", "8.8.8.8, PUBLIC",
    })
    void classifiesIpv4MappedIpv6ByItsIpv4Part(String ipv4, AddressRange expected) throws UnknownHostException {
        byte[] v4 = InetAddress.getByName(ipv4).getAddress();
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(v4, 0, mapped, 12, 4);

        assertThat(AddressRange.of(InetAddress.getByName("::ffff:" + ipv4))).isEqualTo(expected);
        assertThat(AddressRange.of(java.net.Inet6Address.getByAddress(null, mapped, -1))).isEqualTo(expected);
    }
}

package io.meshgate.kernel.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RelayAddressPolicyTest {
    private static final RelayAddressPolicy DNS = new RelayAddressPolicy(false, false);
    private static final RelayAddressPolicy DNS_PRIVATE_ALLOWED = new RelayAddressPolicy(false, true);
    private static final RelayAddressPolicy PINNED = new RelayAddressPolicy(true, false);

    @Test
    void dnsAnswersMustBePublic() throws UnknownHostException {
        assertThat(DNS.permits(ip("93.184.215.14"))).isTrue();
        assertThat(DNS.permits(ip("2606:2800:21f:cb07:6820:80da:af6b:8b2c"))).isTrue();
        for (String inside : List.of("127.0.0.1", "::1", "0.0.0.0", "::", "169.254.169.254", "fe80::1", "10.0.0.1",
                "172.16.0.1", "192.168.0.1", "fd00::1", "100.64.0.1", "224.0.0.1", "ff02::1", "255.255.255.255",
                "::ffff:127.0.0.1")) {
            assertThat(DNS.permits(ip(inside))).as(inside).isFalse();
        }
    }

    @Test
    void theSwitchOpensLoopbackPrivateAndCgnatButNotMetadataOrNonHosts() throws UnknownHostException {
        for (String internal : List.of("127.0.0.1", "::1", "10.0.0.1", "172.16.0.1", "192.168.0.1", "fd00::1",
                "100.64.0.1", "8.8.8.8")) {
            assertThat(DNS_PRIVATE_ALLOWED.permits(ip(internal))).as(internal).isTrue();
        }
        for (String never : List.of("169.254.169.254", "fe80::1", "0.0.0.0", "::", "224.0.0.1", "255.255.255.255")) {
            assertThat(DNS_PRIVATE_ALLOWED.permits(ip(never))).as(never).isFalse();
        }
    }

    @Test
    void addressesPinnedByTheOperatorPassWhateverTheirRange() throws UnknownHostException {
        for (String any : List.of("127.0.0.1", "::1", "169.254.169.254", "10.0.0.1", "100.64.0.1", "8.8.8.8")) {
            assertThat(PINNED.permits(ip(any))).as(any).isTrue();
        }
    }

    @Test
    void refusedAddressesAreSkippedAndTheRestKeepTheirOrder() throws UnknownHostException {
        List<InetAddress> resolved = new ArrayList<>(List.of(ip("127.0.0.1"), ip("198.51.100.7"), ip("10.0.0.1"),
                ip("2001:db8::7")));

        assertThat(DNS.permitted(resolved)).containsExactly(ip("198.51.100.7"), ip("2001:db8::7"));
        assertThat(DNS.permitted(List.of(ip("127.0.0.1"), ip("::1")))).isEmpty();
    }

    private static InetAddress ip(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal);
    }
}

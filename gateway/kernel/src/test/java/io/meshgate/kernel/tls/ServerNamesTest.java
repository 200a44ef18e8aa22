package io.meshgate.kernel.tls;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServerNamesTest {

    @Test
    void normalizeLowercasesAndDropsOneTrailingDot() {
        assertThat(ServerNames.normalize("A.Example.COM.")).isEqualTo("a.example.com");
        assertThat(ServerNames.normalize("")).isNull();
        assertThat(ServerNames.normalize(".")).isNull();
        assertThat(ServerNames.normalize(null)).isNull();
    }

    @Test
    void normalizeHostDropsPortsAndBrackets() {
        assertThat(ServerNames.normalizeHost("Example.com:8443")).isEqualTo("example.com");
        assertThat(ServerNames.normalizeHost("[::1]:443")).isEqualTo("::1");
        assertThat(ServerNames.normalizeHost("::1")).isEqualTo("::1");
        assertThat(ServerNames.normalizeHost("10.0.0.1:80")).isEqualTo("10.0.0.1");
        assertThat(ServerNames.normalizeHost(null)).isNull();
    }

    @Test
    void dnsNamesExcludeAddressesAndBadLabels() {
        assertThat(ServerNames.isDnsName("a.example.com")).isTrue();
        assertThat(ServerNames.isDnsName("localhost")).isTrue();
        assertThat(ServerNames.isDnsName("1a.example.com")).isTrue();
        assertThat(ServerNames.isDnsName("127.0.0.1")).isFalse();
        assertThat(ServerNames.isDnsName("a..example.com")).isFalse();
        assertThat(ServerNames.isDnsName("-a.example.com")).isFalse();
        assertThat(ServerNames.isDnsName("a-.example.com")).isFalse();
        assertThat(ServerNames.isDnsName("a_b.example.com")).isFalse();
        assertThat(ServerNames.isDnsName("A.example.com")).isFalse(); // callers normalize first
        assertThat(ServerNames.isDnsName("x".repeat(64) + ".com")).isFalse();
        assertThat(ServerNames.isDnsName("")).isFalse();
    }

    @Test
    void plausibleSniRejectsControlAndSpaceCharacters() {
        assertThat(ServerNames.plausibleSni("a.example.com")).isTrue();
        assertThat(ServerNames.plausibleSni("_svc.Example.com")).isTrue();
        assertThat(ServerNames.plausibleSni("a example.com")).isFalse();
        assertThat(ServerNames.plausibleSni("a.example.com\u0000")).isFalse();
        assertThat(ServerNames.plausibleSni("a\r\nX: y")).isFalse();
        assertThat(ServerNames.plausibleSni("x".repeat(254))).isFalse();
    }

    @Test
    void patternsAreDnsNamesOrOneLeadingWildcardLabel() {
        assertThat(ServerNames.isPattern("*.example.com")).isTrue();
        assertThat(ServerNames.isPattern("example.com")).isTrue();
        assertThat(ServerNames.isPattern("*")).isFalse();
        assertThat(ServerNames.isPattern("*.*.example.com")).isFalse();
        assertThat(ServerNames.isPattern("a.*.com")).isFalse();
    }
}

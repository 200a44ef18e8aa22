package io.meshgate.console.forms;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which rule hosts serve which TLS hosts (the form's "must be hosts of the rules" advice). */
class TlsHostsTest {
    @Test
    void exactNamesCompareIgnoringCase() {
        assertThat(TlsHosts.covers("A.example.com", "a.EXAMPLE.com")).isTrue();
        assertThat(TlsHosts.covers("a.example.com", "b.example.com")).isFalse();
    }

    @Test
    void aRuleWithoutHostServesEveryHost() {
        assertThat(TlsHosts.covers("", "anything.example.com")).isTrue();
    }

    @Test
    void wildcardsStandForExactlyOneLabelEitherWay() {
        assertThat(TlsHosts.covers("*.example.com", "a.example.com")).isTrue();
        assertThat(TlsHosts.covers("a.example.com", "*.example.com")).isTrue();
        assertThat(TlsHosts.covers("*.example.com", "*.example.com")).isTrue();
        assertThat(TlsHosts.covers("*.example.com", "example.com")).isFalse();
        assertThat(TlsHosts.covers("*.example.com", "a.b.example.com")).isFalse();
        assertThat(TlsHosts.covers("*.example.com", "*.other.com")).isFalse();
    }
}

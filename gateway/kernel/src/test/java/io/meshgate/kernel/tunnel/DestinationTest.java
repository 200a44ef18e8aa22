package io.meshgate.kernel.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DestinationTest {

    @Test
    void authorityFormWithANameIsLowerCasedWithoutItsFinalDot() {
        Destination d = Destination.parseAuthority("HttpBin.ORG.:443");
        assertThat(d.host()).isEqualTo("httpbin.org");
        assertThat(d.port()).isEqualTo(443);
        assertThat(d.literal()).isNull();
        assertThat(d.authority()).isEqualTo("httpbin.org:443");
    }

    @Test
    void ipLiteralsAreTheirOwnAddressAndIpv6NeedsBrackets() {
        Destination v4 = Destination.parseAuthority("203.0.113.7:80");
        assertThat(v4.literal()).isNotNull();
        assertThat(v4.host()).isEqualTo("203.0.113.7");
        Destination v6 = Destination.parseAuthority("[2001:DB8::1]:8080");
        assertThat(v6.host()).isEqualTo("2001:db8::1");
        assertThat(v6.authority()).isEqualTo("[2001:db8::1]:8080");
        assertThatThrownBy(() -> Destination.parseAuthority("2001:db8::1:8080"))
                .hasMessageContaining("brackets");
        assertThatThrownBy(() -> Destination.parseAuthority("[fe80::1%eth0]:80"))
                .hasMessageContaining("IPv6");
    }

    @Test
    void anythingButHostColonPortIsRefused() {
        for (String bad : new String[] {"", "httpbin.org", "httpbin.org:", ":80", "httpbin.org:0", "httpbin.org:65536",
                "httpbin.org:+80", "httpbin.org:8o", "user@httpbin.org:80", "httpbin.org:80/path", "/index.html",
                "http://httpbin.org:80", "bad host:80", "a..b:80", "-" .repeat(64) + ".org:80", "1.2.3:80",
                "0x7f.1:80", "[::1:80"}) {
            assertThatThrownBy(() -> Destination.parseAuthority(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void socksNamesMayBeIpLiterals() {
        assertThat(Destination.named("10.1.2.3", 5432).literal()).isNotNull();
        assertThat(Destination.named("::1", 22).authority()).isEqualTo("[::1]:22");
        assertThat(Destination.named("db_1.internal", 5432).literal()).isNull();
        assertThatThrownBy(() -> Destination.named("x", 0)).isInstanceOf(IllegalArgumentException.class);
    }
}

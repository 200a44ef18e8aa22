package io.meshgate.resources.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FormatsTest {

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.1", "0.0.0.0", "255.255.255.255", "::", "::1", "2001:db8::ffff", "fe80::1:2:3:4",
            "1:2:3:4:5:6:7:8", "::ffff:10.0.0.1", "1::", "1:2:3:4:5:6::8"})
    void validIpAddresses(String ip) {
        assertThat(Formats.IP.problem(ip)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0", "10.0.0.256", "010.0.0.1", "1.2.3.4.5", "a.b.c.d", ":::", "1:2:3:4:5:6:7:8:9",
            "1::2::3", "fe80::1%eth0", "12345::", "::ffff:10.0.0.300", "localhost", "", " 10.0.0.1"})
    void invalidIpAddresses(String ip) {
        assertThat(Formats.IP.problem(ip)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/8", "54.91.118.50/32", "0.0.0.0/0", "2001:db8::/32", "::/0", "::1/128"})
    void validCidrs(String cidr) {
        assertThat(Formats.CIDR.problem(cidr)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0", "10.0.0.0/33", "10.0.0.0/", "/8", "10.0.0.0/08", "::/129", "10.0.0.0/8/8",
            "10.0.0.0/-1"})
    void invalidCidrs(String cidr) {
        assertThat(Formats.CIDR.problem(cidr)).isPresent();
    }

    @Test
    void goDurationsParse() {
        assertThat(Formats.parseDuration("5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(Formats.parseDuration("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Formats.parseDuration("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Formats.parseDuration("200ms")).isEqualTo(Duration.ofMillis(200));
        assertThat(Formats.parseDuration("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Formats.parseDuration(".5m")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Formats.parseDuration("10us")).isEqualTo(Duration.ofNanos(10_000));
        assertThat(Formats.parseDuration("0")).isZero();
        assertThat(Formats.parseDuration("24h")).isEqualTo(Duration.ofHours(24));
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "-5s", "5 s", "5sec", "1d", "", "s", "1.2.3s", "9999999999h"})
    void invalidDurations(String duration) {
        assertThat(Formats.DURATION.problem(duration)).isPresent();
        assertThatThrownBy(() -> Formats.parseDuration(duration)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dnsNamesFollowKubernetes() {
        assertThat(Formats.DNS1123_LABEL.problem("fsm-system")).isEmpty();
        assertThat(Formats.DNS1123_LABEL.problem("fsm.system")).isPresent();
        assertThat(Formats.DNS1123_SUBDOMAIN.problem("fortio.server.svc.cluster.local")).isEmpty();
        assertThat(Formats.DNS1123_SUBDOMAIN.problem("Example.com")).isPresent();
        assertThat(Formats.DNS1123_SUBDOMAIN.problem("a..b")).isPresent();
        assertThat(Formats.DNS1035_LABEL.problem("httpbin-v1")).isEmpty();
        assertThat(Formats.DNS1035_LABEL.problem("1httpbin")).isPresent();
        assertThat(Formats.WILDCARD_DNS1123_SUBDOMAIN.problem("*.example.com")).isEmpty();
        assertThat(Formats.WILDCARD_DNS1123_SUBDOMAIN.problem("a.*.example.com")).isPresent();
        assertThat(Formats.INGRESS_HOST.problem("10.0.0.1")).contains("must be a DNS name, not an IP address");
    }

    @Test
    void serverNamesFollowTheGatewaysSniRule() {
        assertThat(Formats.SERVER_NAME.problem("example.com")).isEmpty();
        assertThat(Formats.SERVER_NAME.problem("*.example.com")).isEmpty();
        assertThat(Formats.SERVER_NAME.problem("10.0.0.1")).contains("must be a DNS name, not an IP address");
        assertThat(Formats.SERVER_NAME.problem("::1")).contains("must be a DNS name, not an IP address");
        assertThat(Formats.SERVER_NAME.problem("a".repeat(64) + ".example.com")).get().asString()
                .contains("at most 63 characters (one has 64)");
        assertThat(Formats.SERVER_NAME.problem("example.123")).get().asString().contains("last label is not all digits");
        assertThat(Formats.SERVER_NAME.problem("a.*.example.com")).isPresent();
        assertThat(Formats.SERVER_NAME.problem("example.com.")).isPresent();
    }

    @Test
    void qualifiedNamesAndServiceNames() {
        assertThat(Formats.QUALIFIED_NAME.problem("pipy.ingress.kubernetes.io/lb-type")).isEmpty();
        assertThat(Formats.QUALIFIED_NAME.problem("app")).isEmpty();
        assertThat(Formats.QUALIFIED_NAME.problem("a/b/c")).isPresent();
        assertThat(Formats.QUALIFIED_NAME.problem("x/" + "n".repeat(64))).isPresent();
        assertThat(Formats.IANA_SVC_NAME.problem("http")).isEmpty();
        assertThat(Formats.IANA_SVC_NAME.problem("8080")).contains("must contain at least one letter");
        assertThat(Formats.IANA_SVC_NAME.problem("a--b")).isPresent();
        assertThat(Formats.IANA_SVC_NAME.problem("a-very-long-port-name")).isPresent();
    }

    @Test
    void regexesCompileUnderRe2WithLimits() {
        assertThat(Formats.REGEX.problem("(a+)+$")).isEmpty();
        assertThat(Formats.REGEX.problem("^/httpbin/?")).isEmpty();
        assertThat(Formats.REGEX.problem("(?=lookahead)")).isPresent();
        assertThat(Formats.REGEX.problem("a".repeat(Formats.MAX_REGEX_LENGTH + 1))).isPresent();
        assertThat(Formats.REGEX.problem("a\nb")).contains("must not contain control characters (found LF)");
    }

    @Test
    void valuesInMessagesAreEscapedAndShortened() {
        assertThat(Values.quote("a\r\nb\u0000")).isEqualTo("\"a\\r\\nb\\u0000\"");
        assertThat(Values.quote("x".repeat(200))).hasSize(Values.MAX_SHOWN + 5).endsWith("...\"");
    }
}

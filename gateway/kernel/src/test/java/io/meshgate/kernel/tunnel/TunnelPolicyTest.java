package io.meshgate.kernel.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshgate.config.TunnelListener;
import io.meshgate.config.TunnelMode;
import io.meshgate.config.TunnelRule;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TunnelPolicyTest {
    private static final Caller CURL = new Caller(new InetSocketAddress("10.0.0.5", 40000), true,
            Set.of("curl.curl.cluster.local"));
    private static final Caller OTHER = new Caller(new InetSocketAddress("10.0.0.6", 40000), true,
            Set.of("other.other.cluster.local"));
    private static final Caller ANONYMOUS = Caller.anonymous(new InetSocketAddress("10.0.0.7", 40000));

    private static TunnelPolicy policy(boolean passthrough, TunnelRule... rules) {
        return TunnelPolicy.compile(new TunnelListener("egress", "0.0.0.0", 1080, TunnelMode.CONNECT, null,
                List.of(rules), passthrough, null));
    }

    private static TunnelRule rule(String name, Set<String> principals, List<String> hosts, List<String> addresses,
                                   List<Integer> ports) {
        return new TunnelRule(name, principals, hosts, addresses, ports);
    }

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void aHostRuleAllowsItsPrincipalsOnItsPortsWithoutResolving() {
        TunnelPolicy policy = policy(false, rule("egress/curl/httpbin", Set.of("curl.curl.cluster.local"),
                List.of("HTTPBIN.org"), List.of(), List.of(80, 443)));
        assertThat(policy.decide(CURL, Destination.parseAuthority("httpbin.org:443"), null))
                .isEqualTo(new TunnelDecision.Allowed("egress/curl/httpbin", true));
        assertThat(policy.decide(OTHER, Destination.parseAuthority("httpbin.org:443"), null))
                .isInstanceOfSatisfying(TunnelDecision.Denied.class,
                        d -> assertThat(d.reason()).isEqualTo(TunnelPolicy.CALLER_NOT_ALLOWED));
        assertThat(policy.decide(CURL, Destination.parseAuthority("httpbin.org:8080"), null))
                .isInstanceOfSatisfying(TunnelDecision.Denied.class,
                        d -> assertThat(d.reason()).isEqualTo(TunnelPolicy.PORT_NOT_ALLOWED));
        assertThat(policy.decide(CURL, Destination.parseAuthority("example.com:443"), null))
                .isInstanceOfSatisfying(TunnelDecision.Denied.class, d -> {
                    assertThat(d.reason()).isEqualTo(TunnelPolicy.DESTINATION_NOT_ALLOWED);
                    assertThat(d.detail()).contains("curl.curl.cluster.local").contains("example.com:443");
                });
    }

    @Test
    void anAddressRuleNeedsEveryResolvedAddressInItsRanges() throws Exception {
        TunnelPolicy policy = policy(false, rule("ranges", Set.of("*"), List.of(), List.of("203.0.113.0/24",
                "2001:db8::/32"), List.of()));
        Destination name = Destination.parseAuthority("api.example.com:443");
        assertThat(policy.decide(CURL, name, null)).isInstanceOf(TunnelDecision.NeedsAddresses.class);
        assertThat(policy.decide(CURL, name, List.of(ip("203.0.113.9"), ip("2001:db8::9"))))
                .isEqualTo(new TunnelDecision.Allowed("ranges", true));
        // one address outside: whoever answers for the name could steer the tunnel there
        assertThat(policy.decide(CURL, name, List.of(ip("203.0.113.9"), ip("198.51.100.1"))))
                .isInstanceOf(TunnelDecision.Denied.class);
        assertThat(policy.decide(CURL, name, List.of())).isInstanceOf(TunnelDecision.Denied.class);
        assertThat(policy.decide(CURL, Destination.parseAuthority("203.0.113.200:5432"), null))
                .isEqualTo(new TunnelDecision.Allowed("ranges", true));
        assertThat(policy.decide(CURL, Destination.parseAuthority("198.51.100.1:5432"), null))
                .isInstanceOf(TunnelDecision.Denied.class);
        // "*" is any verified caller, not a caller without a certificate
        assertThat(policy.decide(ANONYMOUS, Destination.parseAuthority("203.0.113.200:5432"), null))
                .isInstanceOfSatisfying(TunnelDecision.Denied.class,
                        d -> assertThat(d.reason()).isEqualTo(TunnelPolicy.CALLER_NOT_ALLOWED));
    }

    @Test
    void theFirstAllowingRuleNamesTheTunnel() {
        TunnelPolicy policy = policy(false,
                rule("other-only", Set.of("other.other.cluster.local"), List.of(), List.of(), List.of()),
                rule("port-443", Set.of(), List.of("httpbin.org"), List.of(), List.of(443)),
                rule("any-port", Set.of(), List.of("httpbin.org"), List.of(), List.of()));
        assertThat(policy.decide(CURL, Destination.parseAuthority("httpbin.org:443"), null))
                .isEqualTo(new TunnelDecision.Allowed("port-443", true));
        assertThat(policy.decide(CURL, Destination.parseAuthority("httpbin.org:80"), null))
                .isEqualTo(new TunnelDecision.Allowed("any-port", true));
        assertThat(policy.decide(OTHER, Destination.parseAuthority("anything.example:1"), null))
                .isEqualTo(new TunnelDecision.Allowed("other-only", false));
        // empty principals admit a caller without a certificate
        assertThat(policy.decide(ANONYMOUS, Destination.parseAuthority("httpbin.org:80"), null))
                .isEqualTo(new TunnelDecision.Allowed("any-port", true));
    }

    @Test
    void passthroughAllowsAnyDestinationButTheGuardKeepsItOffTheGatewaysOwnHost() throws Exception {
        TunnelPolicy policy = policy(true);
        Destination local = Destination.parseAuthority("127.0.0.1:6060");
        assertThat(policy.decide(ANONYMOUS, local, null)).isEqualTo(new TunnelDecision.Allowed(TunnelPolicy.PASSTHROUGH, false));
        assertThat(TunnelPolicy.guard(local, List.of(ip("127.0.0.1")))).isNotNull()
                .satisfies(d -> assertThat(d.detail()).contains("loopback"));
        assertThat(TunnelPolicy.guard(local, List.of(ip("169.254.169.254")))).isNotNull();
        assertThat(TunnelPolicy.guard(local, List.of(ip("203.0.113.1"), ip("10.1.2.3")))).isNull();
        assertThat(policy(false).decide(CURL, local, null)).isInstanceOf(TunnelDecision.Denied.class);
    }

    @Test
    void aRuleAddressThatIsNoCidrIsRefusedWithTheRulesName() {
        assertThatThrownBy(() -> policy(false, rule("bad", Set.of(), List.of(), List.of("example.com/24"), List.of())))
                .hasMessageContaining("tunnel rule bad").hasMessageContaining("example.com/24");
        assertThatThrownBy(() -> policy(false, rule("bad", Set.of(), List.of(), List.of("10.0.0.0/33"), List.of())))
                .hasMessageContaining("0..32");
    }
}

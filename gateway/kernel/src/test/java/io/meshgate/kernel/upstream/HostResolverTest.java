package io.meshgate.kernel.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshgate.config.Endpoint;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hosts table in /etc/hosts format, consulted before DNS for upstream names. */
class HostResolverTest {
    private static final String HOSTS = """
            # pinned upstreams
            127.0.0.1   httpbin.org   www.httpbin.org   # the loopback test server

            10.0.0.1 Multi.Example.COM
            10.0.0.2 multi.example.com
            ::1 six.example.com
            """;

    @TempDir
    Path dir;

    private static String addresses(HostResolver hosts, String name) throws UnknownHostException {
        return hosts.resolveAll(name).stream().map(InetAddress::getHostAddress).toList().toString();
    }

    @Test
    void namesAndAliasesResolveToTheirAddressesCaseInsensitively() throws UnknownHostException {
        HostResolver hosts = HostResolver.parse(HOSTS, "hosts");

        assertThat(addresses(hosts, "httpbin.org")).isEqualTo("[127.0.0.1]");
        assertThat(addresses(hosts, "WWW.HTTPBIN.ORG.")).isEqualTo("[127.0.0.1]");
        assertThat(addresses(hosts, "multi.example.com")).as("every line of a name, in file order")
                .isEqualTo("[10.0.0.1, 10.0.0.2]");
        assertThat(hosts.resolve("six.example.com").isLoopbackAddress()).isTrue();
        assertThat(hosts.resolve("httpbin.org").getHostName()).as("keeps the name").isEqualTo("httpbin.org");
        assertThat(hosts.pinnedNames()).contains("httpbin.org", "www.httpbin.org", "multi.example.com");
    }

    @Test
    void otherNamesGoToTheSystemResolver() throws UnknownHostException {
        HostResolver hosts = HostResolver.parse(HOSTS, "hosts");

        assertThat(addresses(hosts, "10.9.8.7")).as("IP literals need no lookup").isEqualTo("[10.9.8.7]");
        assertThat(hosts.resolve("localhost").isLoopbackAddress()).isTrue();
        assertThatThrownBy(() -> hosts.resolveAll("no-such-host.invalid")).isInstanceOf(UnknownHostException.class);
        assertThatThrownBy(() -> HostResolver.SYSTEM.resolveAll("httpbin.invalid"))
                .isInstanceOf(UnknownHostException.class);
    }

    @Test
    void aBadLineIsReportedWithItsNumber() {
        assertThatThrownBy(() -> HostResolver.parse("127.0.0.1 ok\nnot-an-ip name\n", "my-hosts"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("my-hosts line 2");
        assertThatThrownBy(() -> HostResolver.parse("127.0.0.1\n", "my-hosts"))
                .hasMessageContaining("line 1");
    }

    @Test
    void loadReadsAFileAndNullMeansNoTable() throws Exception {
        Path file = Files.writeString(dir.resolve("hosts"), "127.0.0.5 backend.test\n");

        assertThat(addresses(HostResolver.load(file), "backend.test")).isEqualTo("[127.0.0.5]");
        assertThat(HostResolver.load(null)).isSameAs(HostResolver.SYSTEM);
        assertThatThrownBy(() -> HostResolver.load(dir.resolve("missing"))).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("missing");
    }

    @Test
    void aHostNameEndpointIsResolvedThroughTheTable() {
        HostResolver hosts = HostResolver.parse("127.0.0.9 backend.meshgate.invalid\n", "hosts");

        EndpointState state = new EndpointState(Endpoint.of("backend.meshgate.invalid", 8080), hosts);
        assertThat(state.isResolved()).isTrue();
        assertThat(state.socketAddress().getAddress().getHostAddress()).isEqualTo("127.0.0.9");
        assertThat(UpstreamCluster.compile(io.meshgate.config.Cluster.of("c",
                java.util.List.of(Endpoint.of("backend.meshgate.invalid", 80))), null, hosts)
                .endpoints().getFirst().isResolved()).isTrue();
    }
}

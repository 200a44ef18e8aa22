package io.meshgate.kernel.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.config.HttpListener;
import io.meshgate.config.ProxyConfig;
import io.meshgate.kernel.Kernel;
import io.meshgate.kernel.KernelOptions;
import io.meshgate.kernel.testing.RawHttp;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The admin listener serves only Host values that name it without DNS, so a DNS-rebinding page
 * (its own domain resolved to 127.0.0.1) cannot read {@code /config_dump}.
 */
class AdminHostEndToEndTest {
    static Kernel kernel;

    @BeforeAll
    static void start() {
        kernel = Kernel.start(KernelOptions.defaults().withIoThreads(1).withAdmin("127.0.0.1", 0),
                new ProxyConfig("v1", List.of(HttpListener.plain("http", "127.0.0.1", 0, List.of())), List.of()));
    }

    @AfterAll
    static void stop() {
        kernel.close();
    }

    private static RawHttp.Reply dump(String hostLine) throws IOException {
        return RawHttp.send(kernel.adminPort(), "GET /config_dump HTTP/1.1\r\n" + hostLine + "Connection: close\r\n\r\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.0.0.1:15000", "localhost", "LOCALHOST:9901", "[::1]", "[::1]:15000",
            "10.1.2.3:15000"})
    void hostsThatNeedNoDnsAreServed(String host) throws IOException {
        RawHttp.Reply reply = dump("Host: " + host + "\r\n");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.text()).contains("\"version\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"attacker.example", "attacker.example:15000", "localhost.attacker.example",
            "127.0.0.1.nip.io", "127.0.0.1:abc", "[::1]x"})
    void otherHostsGet421AndNoConfig(String host) throws IOException {
        RawHttp.Reply reply = dump("Host: " + host + "\r\n");
        assertThat(reply.status()).isEqualTo(421);
        assertThat(reply.text()).doesNotContain("\"version\"");
    }
}

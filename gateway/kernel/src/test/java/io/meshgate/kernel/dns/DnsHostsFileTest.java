package io.meshgate.kernel.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading, re-reading and skipping a DNS listener's hosts file, on a clock the test moves. */
class DnsHostsFileTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    private static List<String> text(List<byte[]> addresses) {
        return addresses.stream().map(b -> {
            try {
                return InetAddress.getByAddress(b).getHostAddress();
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private static void write(Path file, String text, long epochSecond) throws Exception {
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.from(Instant.ofEpochSecond(epochSecond)));
    }

    @Test
    void isReReadWhenItsModificationTimeChangesAtMostOncePerSecond(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("hosts");
        write(file, "203.0.113.7 httpbin.org\n", 1000);
        DnsHostsFile hosts = new DnsHostsFile(file, nanos::get);
        assertThat(text(hosts.lookup("httpbin.org").ipv4())).containsExactly("203.0.113.7");

        write(file, "203.0.113.8 httpbin.org\n", 2000);
        nanos.addAndGet(999_000_000L);
        assertThat(text(hosts.lookup("httpbin.org").ipv4())).as("not looked at again within a second")
                .containsExactly("203.0.113.7");
        nanos.addAndGet(1_000_000L);
        assertThat(text(hosts.lookup("httpbin.org").ipv4())).containsExactly("203.0.113.8");
        assertThat(hosts.lookup("example.org")).isNull();
    }

    @Test
    void aFileThatBecomesUnusableIsSkippedUntilItIsUsableAgain(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("hosts");
        write(file, "203.0.113.7 httpbin.org\n", 1000);
        DnsHostsFile hosts = new DnsHostsFile(file, nanos::get);
        assertThat(hosts.lookup("httpbin.org")).isNotNull();

        write(file, "not-an-address httpbin.org\n", 2000);
        nanos.addAndGet(2_000_000_000L);
        assertThat(hosts.lookup("httpbin.org")).as("a malformed file answers nothing").isNull();

        Files.delete(file);
        nanos.addAndGet(2_000_000_000L);
        assertThat(hosts.lookup("httpbin.org")).isNull();

        write(file, "::1 httpbin.org\n", 3000);
        nanos.addAndGet(2_000_000_000L);
        DnsHostsFile.Addresses back = hosts.lookup("httpbin.org");
        assertThat(back.ipv4()).isEmpty();
        assertThat(text(back.ipv6())).containsExactly("0:0:0:0:0:0:0:1");
    }
}

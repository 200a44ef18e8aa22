package io.meshgate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AotCacheCheckTest {
    @TempDir
    Path dir;

    @Test
    void aCacheMappedIntoTheProcessCountsAsUsed() throws Exception {
        Path cache = Files.writeString(dir.resolve("sidecar.aot"), "x");
        String maps = """
                7f00a0000000-7f00a1000000 r--p 00000000 08:01 1234 /usr/lib/jvm/lib/server/libjvm.so
                800000000-800e00000 rw-p 00001000 08:01 5678 %s
                """.formatted(cache.toRealPath());

        assertThat(AotCacheCheck.isMapped(cache, maps)).isTrue();
    }

    @Test
    void aCacheTheJvmRefusedIsNotMapped() throws Exception {
        Path cache = Files.writeString(dir.resolve("sidecar.aot"), "x");
        // the JDK's own CDS archive and a file whose name merely starts like the cache's do not count
        String maps = """
                7f00a0000000-7f00a1000000 r--p 00000000 08:01 1234 /usr/lib/jvm/lib/server/classes.jsa
                7f00a2000000-7f00a3000000 r--p 00000000 08:01 1235 %s.training
                7f00a4000000-7f00a5000000 rw-p 00000000 00:00 0
                """.formatted(cache.toRealPath());

        assertThat(AotCacheCheck.isMapped(cache, maps)).isFalse();
    }

    @Test
    void aPathWithSpacesIsMatchedWhole() throws Exception {
        Path cache = Files.writeString(Files.createDirectories(dir.resolve("a b")).resolve("c.aot"), "x");
        String maps = "800000000-800e00000 rw-p 00001000 08:01 5678 " + cache.toRealPath() + "\n";

        assertThat(AotCacheCheck.isMapped(cache, maps)).isTrue();
        assertThat(AotCacheCheck.isMapped(dir.resolve("c.aot"), maps)).isFalse();
    }
}

package io.meshgate.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshgate.config.ProxyConfig;
import io.meshgate.kernel.KernelOptions;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProxyProcessTest {
    @TempDir
    Path dataDir;

    @Test
    void startsFromTheLastGoodConfigOfItsDataDirectory() throws Exception {
        new LastGoodConfig(dataDir).save(new ProxyConfig("saved-7", List.of(), List.of()));
        try (ProxyProcess proxy = ProxyProcess.start(KernelOptions.defaults(), dataDir)) {
            assertThat(proxy.initial().version()).isEqualTo("saved-7");
            assertThat(proxy.kernel().config().version()).isEqualTo("saved-7");
            assertThat(proxy.agent()).isNull();
        }
    }

    @Test
    void startsEmptyWithoutASavedConfigAndRefusesAnAgentOfAnotherDataDirectory() {
        try (ProxyProcess proxy = ProxyProcess.start(KernelOptions.defaults(), dataDir)) {
            assertThat(proxy.initial()).isEqualTo(ProxyConfig.empty());
            AgentOptions elsewhere = AgentOptions.of(URI.create("http://127.0.0.1:1"), "p", "t", dataDir.resolve("other"));
            assertThatThrownBy(() -> proxy.follow(elsewhere)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not the one the kernel started from");
        }
    }
}

package io.meshgate.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** Proxy registration: one token per proxy, stored hashed, revoked with the proxy, never an API token. */
class ProxyStoreTest {
    @TempDir
    Path dir;

    @Test
    void registersAuthenticatesAndRevokes() {
        try (Database db = Database.open(DatabaseConfig.h2File(dir))) {
            ProxyStore proxies = db.proxies();
            String token = proxies.register("edge-1", "ingress");
            assertThat(token).startsWith(ProxyStore.PREFIX);
            assertThat(proxies.authenticate(token)).map(ProxyRegistration::name).hasValue("edge-1");
            assertThat(proxies.authenticate(token + "x")).isEmpty();
            assertThat(db.tokens().authenticate(token)).as("not an API token").isEmpty();
            assertThatThrownBy(() -> proxies.register("edge-1", "egress")).isInstanceOf(ConflictException.class);
            assertThatThrownBy(() -> proxies.register("Edge_1", "ingress")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> proxies.register("edge-2", "In gress")).isInstanceOf(IllegalArgumentException.class);
            assertThat(proxies.list()).extracting(ProxyRegistration::kind).containsExactly("ingress");
            assertThat(proxies.tokenHash("edge-1")).hasValue(Sha256.hex(token));
            assertThat(proxies.tokenHash("edge-1").orElseThrow()).hasSize(64).doesNotContain(token);
            assertThat(proxies.delete("edge-1")).isTrue();
            assertThat(proxies.tokenHash("edge-1")).isEmpty();
            assertThat(proxies.authenticate(token)).isEmpty();
            assertThat(proxies.delete("edge-1")).isFalse();
        }
    }
}

package io.meshgate.api;

import org.junit.jupiter.api.Test;

import static io.meshgate.api.ApiTransportPolicy.Transport.PLAIN;
import static io.meshgate.api.ApiTransportPolicy.Transport.REFUSE;
import static io.meshgate.api.ApiTransportPolicy.Transport.TLS;
import static io.meshgate.api.ApiTransportPolicy.decide;
import static org.assertj.core.api.Assertions.assertThat;

class ApiTransportPolicyTest {

    @Test
    void autoServesPlainOnLoopbackOnlyAndTlsBeyond() {
        for (String loopback : new String[] {"127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost", "LOCALHOST"}) {
            assertThat(decide(loopback, ApiTlsMode.AUTO, false)).as(loopback).isEqualTo(PLAIN);
        }
        for (String beyond : new String[] {"0.0.0.0", "::", "[::]", "10.0.0.5", "192.168.1.2", "fe80::1",
                "api.example.com", "localhost.example.com"}) {
            assertThat(decide(beyond, ApiTlsMode.AUTO, false)).as(beyond).isEqualTo(TLS);
        }
    }

    @Test
    void onIsTlsEverywhere() {
        assertThat(decide("127.0.0.1", ApiTlsMode.ON, false)).isEqualTo(TLS);
        assertThat(decide("0.0.0.0", ApiTlsMode.ON, true)).isEqualTo(TLS);
    }

    @Test
    void offBeyondLoopbackIsRefusedUnlessPlaintextIsAllowedExplicitly() {
        assertThat(decide("127.0.0.1", ApiTlsMode.OFF, false)).isEqualTo(PLAIN);
        assertThat(decide("0.0.0.0", ApiTlsMode.OFF, false)).isEqualTo(REFUSE);
        assertThat(decide("10.0.0.5", ApiTlsMode.OFF, false)).isEqualTo(REFUSE);
        assertThat(decide("0.0.0.0", ApiTlsMode.OFF, true)).isEqualTo(PLAIN);
        assertThat(ApiTransportPolicy.refusal("0.0.0.0")).contains("0.0.0.0").contains("--insecure-allow-plaintext")
                .contains("--api-tls");
    }

    @Test
    void theFlagParsesInAnyCase() {
        assertThat(ApiTlsMode.parse("Auto")).isEqualTo(ApiTlsMode.AUTO);
        assertThat(ApiTlsMode.parse(" off ")).isEqualTo(ApiTlsMode.OFF);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ApiTlsMode.parse("yes"))
                .hasMessageContaining("auto, on or off");
    }

    @Test
    void aServerBeyondLoopbackWithTlsOffDoesNotStart(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        try (var db = io.meshgate.db.Database.open(io.meshgate.db.DatabaseConfig.h2File(dir))) {
            ApiServerOptions options = ApiServerOptions.of(0, dir).withBindAddress("0.0.0.0")
                    .withTls(ApiTlsOptions.auto().withMode(ApiTlsMode.OFF));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ApiServer.create(db, options,
                            io.meshgate.reconcile.TranslatorRegistry.standard()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("refusing");
        }
    }
}

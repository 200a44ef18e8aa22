package io.meshgate.api;

import io.meshgate.ca.CertificateAuthority;
import io.meshgate.ca.ServerKeyMaterial;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ApiServerCertificateTest {

    @Test
    void coversTheBindAddressExtraNamesAndLoopback() {
        assertThat(ApiServerCertificate.names("10.0.0.5", List.of("gw.example")))
                .containsExactly("10.0.0.5", "gw.example", "localhost", "127.0.0.1", "::1");
        assertThat(ApiServerCertificate.names("[fd00::5]", List.of())).startsWith("fd00::5");
    }

    @Test
    void aWildcardBindCoversThisHostsAddresses() {
        assertThat(ApiServerCertificate.names("0.0.0.0", List.of()))
                .contains("localhost", "127.0.0.1", "::1").doesNotContain("0.0.0.0");
    }

    @Test
    void theIssuedCertificateIsAServerCertificateFromTheMeshCa() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create(Clock.systemUTC());
        ServerKeyMaterial key = ApiServerCertificate.load(ca, "127.0.0.1", ApiTlsOptions.auto());
        key.chain().get(0).verify(ca.certificate().getPublicKey());
        assertThat(key.chain().get(0).getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(key.toString()).contains("redacted").doesNotContain("BEGIN");
    }
}

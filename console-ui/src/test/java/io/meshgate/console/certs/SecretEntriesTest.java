package io.meshgate.console.certs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.console.api.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretEntriesTest {

    private static String bundleBase64() throws IOException {
        try (InputStream in = SecretEntriesTest.class.getResourceAsStream("/certs/bundle.pem")) {
            return Base64.getEncoder().encodeToString(in.readAllBytes());
        }
    }

    @Test
    void keysAndDecodedSizesNeverValues() {
        ObjectNode secret = (ObjectNode) Json.read("""
                {"data":{"tls.key":"AAECAwQ=","token":"aGk="},"stringData":{"note":"héllo"}}""");
        assertThat(SecretEntries.of(secret)).containsExactly(
                new SecretEntries.Entry("tls.key", 5), new SecretEntries.Entry("token", 2),
                new SecretEntries.Entry("note", 6));
        assertThat(SecretEntries.of(secret).get(0).sizeText()).isEqualTo("5 bytes");
        assertThat(SecretEntries.redacted(secret)).isFalse();
    }

    @Test
    void redactedValuesHaveNoSize() {
        JsonNode secret = Json.read("{\"data\":{\"tls.crt\":\"[redacted]\"}}");
        assertThat(SecretEntries.of(secret)).containsExactly(new SecretEntries.Entry("tls.crt", -1));
        assertThat(SecretEntries.of(secret).get(0).sizeText()).isEqualTo("hidden");
        assertThat(SecretEntries.redacted(secret)).isTrue();
        assertThat(SecretEntries.certificates(secret, "tls.crt")).isEmpty();
    }

    @Test
    void everyCertificateOfABundleWithItsNames() throws IOException {
        ObjectNode secret = Json.MAPPER.createObjectNode();
        secret.withObjectProperty("data").put("ca.crt", bundleBase64());
        List<CertificateDetails> certs = SecretEntries.certificates(secret, "ca.crt");
        assertThat(certs).hasSize(2);
        CertificateDetails web = certs.get(0);
        assertThat(web.subject()).contains("CN=web.example").contains("O=Meshgate tests");
        assertThat(web.sans()).containsExactly("DNS:web.example", "DNS:*.web.example", "IP:10.0.0.7",
                "URI:spiffe://mesh/web");
        assertThat(web.selfSigned()).isTrue();
        assertThat(web.notAfter()).isAfter(web.notBefore());
        assertThat(certs.get(1).subject()).isEqualTo("CN=Test CA");
        assertThat(certs.get(1).ca()).isTrue();
        assertThat(certs.get(1).sans()).isEmpty();
    }

    @Test
    void garbageIsNoCertificate() {
        assertThat(CertificateDetails.fromSecretValue("not base64 !!")).isEmpty();
        assertThat(CertificateDetails.fromSecretValue(Base64.getEncoder().encodeToString("hello".getBytes()))).isEmpty();
        assertThat(CertificateDetails.fromSecretValue("")).isEmpty();
    }
}

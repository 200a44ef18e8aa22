package io.meshgate.kernel.upstream;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** Parses PEM certificate bundles with error messages that say which setting is wrong. */
final class PemCertificates {
    private PemCertificates() {}

    /**
     * @param what names the setting in the error message, e.g. "cluster 'api': upstream CA bundle"
     * @throws IllegalArgumentException when the text holds no certificate or a broken one
     */
    static List<X509Certificate> parse(String pem, String what) {
        if (pem == null || !pem.contains("-----BEGIN CERTIFICATE-----")) {
            throw new IllegalArgumentException(what + " contains no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            List<X509Certificate> result = new ArrayList<>();
            for (var cert : factory.generateCertificates(
                    new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
                result.add((X509Certificate) cert);
            }
            if (result.isEmpty()) {
                throw new IllegalArgumentException(what + " contains no readable certificate");
            }
            return List.copyOf(result);
        } catch (CertificateException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae && iae.getMessage().startsWith(what)) {
                throw iae;
            }
            throw new IllegalArgumentException(what + " is not valid PEM: " + e.getMessage(), e);
        }
    }
}

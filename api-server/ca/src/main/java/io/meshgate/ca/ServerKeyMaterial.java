package io.meshgate.ca;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A TLS server's private key and certificate chain (leaf first), read from PEM text, for a web
 * server's TLS settings. {@link #toString} never shows the key.
 *
 * @param privateKey the leaf's private key
 * @param chain      the leaf, then any intermediates or the CA
 */
public record ServerKeyMaterial(PrivateKey privateKey, List<X509Certificate> chain) {

    public ServerKeyMaterial {
        Objects.requireNonNull(privateKey, "privateKey");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a server certificate chain needs at least the leaf");
        }
    }

    /**
     * Parses a certificate chain and an unencrypted private key (PKCS#8, or the SEC1/PKCS#1 forms
     * openssl writes).
     *
     * @throws IllegalArgumentException when either is missing or unreadable
     */
    public static ServerKeyMaterial fromPem(String chainPem, String keyPem) {
        return new ServerKeyMaterial(Pems.privateKey(keyPem), Pems.certificates(chainPem));
    }

    /** The leaf and the CA that issued it. */
    public static ServerKeyMaterial of(IssuedCertificate issued) {
        return fromPem(issued.certPem() + "\n" + issued.caPem(), issued.keyPem());
    }

    @Override
    public String toString() {
        return "ServerKeyMaterial[leaf=" + chain.get(0).getSubjectX500Principal() + ", privateKey=[redacted]]";
    }
}

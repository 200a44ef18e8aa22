package io.meshgate.ingress;

import io.meshgate.config.pem.Pem;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * Loads certificate and key PEM with the reader the gateway uses when it compiles a config
 * ({@link Pem}), to find what it would refuse. The gateway refuses a whole config when one
 * certificate does not load, so the translator leaves such a Secret out instead of letting one
 * Ingress stop every config change. On top of loading, the key must match the first certificate
 * (the gateway's TLS engine refuses a mismatched pair when it builds the context). Messages never
 * contain key material.
 */
final class PemCheck {
    private static final byte[] PROBE = "meshgate key/certificate match probe".getBytes(StandardCharsets.US_ASCII);

    private PemCheck() {}

    /** Why {@code pem} holds no loadable certificate, or empty when every certificate in it loads. */
    static Optional<String> certificatesProblem(String pem) {
        try {
            Pem.certificates(pem);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** Why the certificate chain and key do not load as a pair, or empty when they do. */
    static Optional<String> keyPairProblem(String certificatePem, String keyPem) {
        try {
            X509Certificate leaf = Pem.certificates(certificatePem).getFirst();
            requireMatch(Pem.privateKey(keyPem), leaf.getPublicKey());
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** Signs a probe with the key and verifies it with the certificate's public key. */
    private static void requireMatch(PrivateKey key, PublicKey publicKey) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519", "Ed448" -> key.getAlgorithm();
            default -> null; // the gateway leaves other algorithms to the handshake too
        };
        if (algorithm == null) {
            return;
        }
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(PROBE);
            if (!verifier.verify(signature)) {
                throw new IllegalArgumentException("private key does not match the certificate");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("private key does not match the certificate");
        }
    }
}

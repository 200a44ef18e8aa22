package io.meshgate.sidecar.translator.egress;

import io.meshgate.config.PrivateKeyPem;
import io.meshgate.config.UpstreamTls;
import io.meshgate.config.pem.Pem;
import io.meshgate.resources.Resource;
import io.meshgate.resources.SecretEntries;
import io.meshgate.sidecar.translator.MeshModel;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Map;
import java.util.Optional;

/**
 * The client certificate of an Egress source's {@code mtls} (seed 6.2): the Secret
 * {@code mtls.cert.secret} names, with {@code tls.crt} and {@code tls.key} (what the sidecar presents)
 * and {@code ca.crt} (what the destination's certificate must chain to). Meshgate issues no egress
 * certificates: the Secret must exist, whatever {@code mtls.issuer} says.
 *
 * <p>Each entry is loaded with the reader the kernel compiles configs with ({@link Pem}), and the key
 * must match the certificate: the kernel refuses a whole config when one certificate does not load,
 * so a bad Secret leaves its policy out rather than stopping every change of the sidecar's config.
 * Problems name the field and the Secret, never key material.
 *
 * @param certificatePem the chain (tls.crt)
 * @param key            its key (tls.key)
 * @param caPem          the trust anchors for the destination (ca.crt)
 */
public record ClientCertificate(String certificatePem, PrivateKeyPem key, String caPem) {
    private static final byte[] PROBE = "meshgate egress key/certificate match probe".getBytes(StandardCharsets.US_ASCII);

    /** A usable certificate, or why there is none. */
    public sealed interface Result {}

    public record Usable(ClientCertificate certificate) implements Result {}

    /**
     * @param reason  {@code SecretNotFound} or {@code InvalidSecret}
     * @param message names the field and the Secret
     */
    public record Unusable(String reason, String message) implements Result {}

    /** Reads the certificate of {@code source} (which has {@code mtls}). */
    static Result of(MeshModel mesh, EgressPolicy.Source source) {
        String field = source.field() + ".mtls.cert.secret";
        if (source.secretName().isEmpty()) {
            return new Unusable("SecretNotFound", field + " is missing: Meshgate issues no egress certificates,"
                    + " mtls needs a Secret with ca.crt, tls.crt and tls.key");
        }
        String secretName = source.secretNamespace() + "/" + source.secretName();
        Optional<Resource> secret = mesh.inputs().find(mesh.inputs().secrets(), source.secretNamespace(),
                source.secretName());
        if (secret.isEmpty()) {
            return new Unusable("SecretNotFound", field + ": Secret " + secretName + " not found");
        }
        Map<String, String> entries = SecretEntries.of(secret.get());
        for (String entry : new String[] {"ca.crt", "tls.crt", "tls.key"}) {
            if (entries.getOrDefault(entry, "").isBlank()) {
                return new Unusable("InvalidSecret", field + ": Secret " + secretName + " has no " + entry);
            }
        }
        String problem = problem(entries);
        if (problem != null) {
            return new Unusable("InvalidSecret", field + ": Secret " + secretName + ": " + problem);
        }
        return new Usable(new ClientCertificate(entries.get("tls.crt"), PrivateKeyPem.of(entries.get("tls.key")),
                entries.get("ca.crt")));
    }

    /** The TLS an original-destination cluster originates with this certificate. */
    public UpstreamTls upstreamTls(String serverName, boolean verifyHostName) {
        return new UpstreamTls(serverName, true, verifyHostName, caPem, certificatePem, key);
    }

    /** Why the entries do not load as the kernel loads them; null when they do. */
    private static String problem(Map<String, String> entries) {
        try {
            Pem.certificates(entries.get("ca.crt"));
        } catch (IllegalArgumentException e) {
            return "ca.crt: " + e.getMessage();
        }
        PublicKey leaf;
        try {
            leaf = Pem.certificates(entries.get("tls.crt")).getFirst().getPublicKey();
        } catch (IllegalArgumentException e) {
            return "tls.crt: " + e.getMessage();
        }
        PrivateKey key;
        try {
            key = Pem.privateKey(entries.get("tls.key"));
        } catch (IllegalArgumentException e) {
            return "tls.key: " + e.getMessage();
        }
        return matches(key, leaf) ? null : "tls.key does not match the certificate of tls.crt";
    }

    /** Signs a probe with the key and verifies it with the certificate's public key. */
    private static boolean matches(PrivateKey key, PublicKey publicKey) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519", "Ed448" -> key.getAlgorithm();
            default -> null; // other algorithms are left to the handshake, as the kernel does
        };
        if (algorithm == null) {
            return true;
        }
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(PROBE);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** Names no key material. */
    @Override
    public String toString() {
        return "ClientCertificate[chain=" + certificatePem.length() + " chars, key=[redacted]]";
    }
}

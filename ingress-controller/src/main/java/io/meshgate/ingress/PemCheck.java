package io.meshgate.ingress;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads certificate and key PEM the way the gateway does when it compiles a config, to find what it
 * would refuse. The gateway refuses a whole config when one certificate does not load, so the
 * translator leaves such a Secret out instead of letting one Ingress stop every config change.
 * Accepted like the gateway: {@code CERTIFICATE} blocks; PKCS#8, PKCS#1 ({@code RSA PRIVATE KEY})
 * and SEC1 ({@code EC PRIVATE KEY}) keys, unencrypted; the key must match the first certificate.
 * Messages never contain key material.
 */
final class PemCheck {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final byte[] PROBE = "meshgate key/certificate match probe".getBytes(StandardCharsets.US_ASCII);
    private static final List<String> PKCS8_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS");

    private PemCheck() {}

    /** Why {@code pem} holds no loadable certificate, or empty when every certificate in it loads. */
    static Optional<String> certificatesProblem(String pem) {
        try {
            certificates(pem);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** Why the certificate chain and key do not load as a pair, or empty when they do. */
    static Optional<String> keyPairProblem(String certificatePem, String keyPem) {
        try {
            X509Certificate leaf = certificates(certificatePem).getFirst();
            PrivateKey key = privateKey(keyPem, leaf.getPublicKey());
            requireMatch(key, leaf.getPublicKey());
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static List<X509Certificate> certificates(String pem) {
        List<X509Certificate> out = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Block block : blocks(pem)) {
                if (block.type().equals("CERTIFICATE")) {
                    out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("unreadable PEM certificate");
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no PEM certificate found");
        }
        return out;
    }

    private static PrivateKey privateKey(String pem, PublicKey certificateKey) {
        for (Block block : blocks(pem)) {
            switch (block.type()) {
                case "PRIVATE KEY" -> {
                    return pkcs8(block.der());
                }
                case "RSA PRIVATE KEY" -> {
                    return pkcs1(block.der());
                }
                case "EC PRIVATE KEY" -> {
                    return sec1(block.der(), certificateKey);
                }
                case "ENCRYPTED PRIVATE KEY" -> throw new IllegalArgumentException("encrypted private keys are not supported");
                default -> {
                    // other blocks (EC PARAMETERS, certificates) may precede the key
                }
            }
        }
        throw new IllegalArgumentException("no PEM private key found");
    }

    private static PrivateKey pkcs8(byte[] der) {
        for (String algorithm : PKCS8_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException | RuntimeException e) {
                // not this algorithm: try the next one
            }
        }
        throw new IllegalArgumentException("unreadable private key (not RSA, EC or EdDSA PKCS#8)");
    }

    /** RSAPrivateKey: SEQUENCE { version, n, e, d, p, q, dp, dq, qinv }. */
    private static PrivateKey pkcs1(byte[] der) {
        try {
            Der seq = new Der(der).enter();
            seq.integer();
            BigInteger[] v = new BigInteger[8];
            for (int i = 0; i < v.length; i++) {
                v[i] = seq.integer();
            }
            return KeyFactory.getInstance("RSA").generatePrivate(
                    new RSAPrivateCrtKeySpec(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("unreadable RSA private key");
        }
    }

    /**
     * ECPrivateKey: SEQUENCE { version, privateKey OCTET STRING, ... }. The curve is taken from the
     * certificate: a key on another curve fails the match probe, as it fails in the gateway.
     */
    private static PrivateKey sec1(byte[] der, PublicKey certificateKey) {
        if (!(certificateKey instanceof ECPublicKey ec)) {
            throw new IllegalArgumentException("private key does not match the certificate");
        }
        try {
            Der seq = new Der(der).enter();
            seq.integer();
            BigInteger s = new BigInteger(1, seq.octets());
            return KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(s, ec.getParams()));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("unreadable EC private key");
        }
    }

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

    private static List<Block> blocks(String pem) {
        if (pem == null) {
            throw new IllegalArgumentException("PEM text is missing");
        }
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            String body = m.group(2);
            if (body.contains("Proc-Type:")) {
                throw new IllegalArgumentException("encrypted PEM blocks are not supported");
            }
            try {
                blocks.add(new Block(m.group(1), Base64.getMimeDecoder().decode(body)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("PEM block " + m.group(1) + " is not valid base64");
            }
        }
        return blocks;
    }

    private record Block(String type, byte[] der) {}

    /** Just enough DER to read the INTEGERs and OCTET STRING of a key structure. */
    private static final class Der {
        private final byte[] bytes;
        private int at;
        private final int end;

        Der(byte[] bytes) {
            this(bytes, 0, bytes.length);
        }

        private Der(byte[] bytes, int from, int end) {
            this.bytes = bytes;
            this.at = from;
            this.end = end;
        }

        Der enter() {
            int length = header(0x30);
            Der inner = new Der(bytes, at, at + length);
            at += length;
            return inner;
        }

        BigInteger integer() {
            int length = header(0x02);
            byte[] value = java.util.Arrays.copyOfRange(bytes, at, at + length);
            at += length;
            return new BigInteger(value);
        }

        byte[] octets() {
            int length = header(0x04);
            byte[] value = java.util.Arrays.copyOfRange(bytes, at, at + length);
            at += length;
            return value;
        }

        private int header(int tag) {
            if (at + 2 > end || (bytes[at] & 0xFF) != tag) {
                throw new IllegalArgumentException("unexpected DER");
            }
            at++;
            int first = bytes[at++] & 0xFF;
            int length = first;
            if (first >= 0x80) {
                int count = first & 0x7F;
                if (count == 0 || count > 3) {
                    throw new IllegalArgumentException("unexpected DER length");
                }
                length = 0;
                for (int i = 0; i < count; i++) {
                    length = (length << 8) | (bytes[at++] & 0xFF);
                }
            }
            if (at + length > end) {
                throw new IllegalArgumentException("truncated DER");
            }
            return length;
        }
    }
}

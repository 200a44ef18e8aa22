package io.meshgate.config.pem;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM certificates and private keys without BouncyCastle. Private keys may be PKCS#8
 * ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) or SEC1 ({@code EC PRIVATE KEY}): the
 * formats Kubernetes TLS secrets, cert-manager and openssl produce. Encrypted keys are refused.
 * Error messages never contain key material.
 */
public final class Pem {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*(.*?)-----END \\1-----", Pattern.DOTALL);

    /** rsaEncryption AlgorithmIdentifier: OID 1.2.840.113549.1.1.1 with NULL parameters. */
    private static final byte[] RSA_ALGORITHM = Der.tlv(Der.SEQUENCE,
            Der.tlv(Der.OID, new byte[] {0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D, 0x01, 0x01, 0x01}),
            Der.tlv(Der.NULL));
    /** id-ecPublicKey, OID 1.2.840.10045.2.1. */
    private static final byte[] EC_PUBLIC_KEY_OID =
            Der.tlv(Der.OID, new byte[] {0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x02, 0x01});
    private static final byte[] VERSION_0 = Der.tlv(Der.INTEGER, new byte[] {0});
    private static final List<String> PKCS8_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS");

    private Pem() {}

    /** Every {@code CERTIFICATE} block, in order. IllegalArgumentException when there is none or one is broken. */
    public static List<X509Certificate> certificates(String pem) {
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Block block : blocks(pem)) {
                if (block.type().equals("CERTIFICATE")) {
                    certificates.add((X509Certificate) factory.generateCertificate(
                            new ByteArrayInputStream(block.der())));
                }
            }
        } catch (CertificateException e) {
            throw new IllegalArgumentException("unreadable PEM certificate", e);
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("no PEM certificate found");
        }
        return List.copyOf(certificates);
    }

    /** The first private key block. IllegalArgumentException when there is none, it is encrypted or unreadable. */
    public static PrivateKey privateKey(String pem) {
        for (Block block : blocks(pem)) {
            switch (block.type()) {
                case "PRIVATE KEY" -> {
                    return pkcs8(block.der());
                }
                case "RSA PRIVATE KEY" -> {
                    return pkcs8(Der.tlv(Der.SEQUENCE, VERSION_0, RSA_ALGORITHM,
                            Der.tlv(Der.OCTET_STRING, block.der())));
                }
                case "EC PRIVATE KEY" -> {
                    return pkcs8(ecToPkcs8(block.der()));
                }
                case "ENCRYPTED PRIVATE KEY" ->
                        throw new IllegalArgumentException("encrypted private keys are not supported");
                default -> {
                    // other blocks (EC PARAMETERS, certificates) may precede the key
                }
            }
        }
        throw new IllegalArgumentException("no PEM private key found");
    }

    /** SEC1 ECPrivateKey carries its curve in the optional [0] field; PKCS#8 wants it in the AlgorithmIdentifier. */
    private static byte[] ecToPkcs8(byte[] sec1) {
        Der.Reader key = new Der.Reader(sec1).enter(Der.SEQUENCE);
        key.skip(); // version
        key.skip(); // privateKey OCTET STRING
        byte[] curve = null;
        while (key.hasMore()) {
            if (key.peekTag() == 0xA0) {
                curve = key.enter(0xA0).encoded(Der.OID);
            } else {
                key.skip();
            }
        }
        if (curve == null) {
            throw new IllegalArgumentException("EC private key does not name its curve");
        }
        return Der.tlv(Der.SEQUENCE, VERSION_0, Der.tlv(Der.SEQUENCE, EC_PUBLIC_KEY_OID, curve),
                Der.tlv(Der.OCTET_STRING, sec1));
    }

    private static PrivateKey pkcs8(byte[] der) {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : PKCS8_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException | RuntimeException e) {
                // not this algorithm: try the next one
            }
        }
        throw new IllegalArgumentException("unreadable private key (not RSA, EC or EdDSA PKCS#8)");
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
                throw new IllegalArgumentException("PEM block " + m.group(1) + " is not valid base64", e);
            }
        }
        return blocks;
    }

    private record Block(String type, byte[] der) {}
}

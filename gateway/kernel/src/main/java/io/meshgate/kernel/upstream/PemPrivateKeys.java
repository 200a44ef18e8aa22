package io.meshgate.kernel.upstream;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an unencrypted PEM private key in the three forms Kubernetes secrets carry: PKCS#8
 * ({@code BEGIN PRIVATE KEY}), PKCS#1 RSA ({@code BEGIN RSA PRIVATE KEY}) and SEC1 EC
 * ({@code BEGIN EC PRIVATE KEY}); cert-manager writes the latter two by default. The JDK and Netty
 * only read PKCS#8 (without BouncyCastle), so PKCS#1 and SEC1 are re-wrapped into PKCS#8 here:
 * that is a fixed ASN.1 envelope around the unchanged key bytes.
 *
 * <p>Error messages never include key material.
 */
final class PemPrivateKeys {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]*PRIVATE KEY)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final byte[] OID_RSA = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01};
    private static final byte[] OID_EC_PUBLIC_KEY = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};
    private static final byte[] DER_NULL = {0x05, 0x00};
    private static final byte[] VERSION_0 = {0x02, 0x01, 0x00};

    private PemPrivateKeys() {}

    /** @throws IllegalArgumentException naming {@code what} when the key cannot be read */
    static PrivateKey parse(String pem, String what) {
        Matcher m = BLOCK.matcher(pem == null ? "" : pem);
        if (!m.find()) {
            throw new IllegalArgumentException(what + " contains no PEM private key block");
        }
        String type = m.group(1);
        String body = m.group(2);
        if (body.contains("Proc-Type") || type.startsWith("ENCRYPTED")) {
            throw new IllegalArgumentException(what + " is encrypted; provide an unencrypted key");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(body.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not valid base64 PEM");
        }
        byte[] pkcs8 = switch (type) {
            case "PRIVATE KEY" -> der;
            case "RSA PRIVATE KEY" -> sequence(VERSION_0, sequence(OID_RSA, DER_NULL), octetString(der));
            case "EC PRIVATE KEY" -> sequence(VERSION_0, sequence(OID_EC_PUBLIC_KEY, sec1CurveOid(der, what)),
                    octetString(der));
            default -> throw new IllegalArgumentException(what + ": unsupported key type '" + type + "'");
        };
        return decodePkcs8(pkcs8, what);
    }

    private static PrivateKey decodePkcs8(byte[] pkcs8, String what) {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(pkcs8);
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException | RuntimeException ignored) {
                // not this algorithm: try the next one
            }
        }
        throw new IllegalArgumentException(what + " is not a readable RSA, EC or EdDSA private key");
    }

    /**
     * SEC1 ECPrivateKey ::= SEQUENCE { version INTEGER, privateKey OCTET STRING,
     * parameters [0] ECParameters OPTIONAL, publicKey [1] BIT STRING OPTIONAL }: returns the named
     * curve OID (a complete TLV) from {@code parameters}, which PKCS#8 needs in its algorithm field.
     */
    private static byte[] sec1CurveOid(byte[] der, String what) {
        try {
            Der outer = new Der(der, 0);
            if (outer.tag != 0x30) {
                throw new IllegalArgumentException("not a SEQUENCE");
            }
            int pos = outer.contentStart;
            while (pos < outer.end) {
                Der element = new Der(der, pos);
                if (element.tag == (byte) 0xa0) {
                    Der oid = new Der(der, element.contentStart);
                    if (oid.tag == 0x06) {
                        return Arrays.copyOfRange(der, element.contentStart, oid.end);
                    }
                }
                pos = element.end;
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(what + " is not a valid SEC1 EC private key");
        }
        throw new IllegalArgumentException(what + " is an EC key without a named curve; use PKCS#8");
    }

    /** One DER TLV header: where its content starts and where the element ends. */
    private static final class Der {
        final byte tag;
        final int contentStart;
        final int end;

        Der(byte[] der, int offset) {
            tag = der[offset];
            int lengthByte = der[offset + 1] & 0xff;
            int length;
            int start;
            if (lengthByte < 0x80) {
                length = lengthByte;
                start = offset + 2;
            } else {
                int count = lengthByte & 0x7f;
                if (count == 0 || count > 3) {
                    throw new IllegalArgumentException("unsupported DER length");
                }
                length = 0;
                for (int i = 0; i < count; i++) {
                    length = (length << 8) | (der[offset + 2 + i] & 0xff);
                }
                start = offset + 2 + count;
            }
            if (start + length > der.length) {
                throw new IllegalArgumentException("truncated DER");
            }
            contentStart = start;
            end = start + length;
        }
    }

    private static byte[] sequence(byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            content.writeBytes(p);
        }
        return tlv(0x30, content.toByteArray());
    }

    private static byte[] octetString(byte[] content) {
        return tlv(0x04, content);
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int len = content.length;
        if (len < 0x80) {
            out.write(len);
        } else if (len < 0x100) {
            out.write(0x81);
            out.write(len);
        } else if (len < 0x10000) {
            out.write(0x82);
            out.write(len >>> 8);
            out.write(len);
        } else {
            out.write(0x83);
            out.write(len >>> 16);
            out.write(len >>> 8);
            out.write(len);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }
}

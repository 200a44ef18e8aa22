package io.meshgate.kernel.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.junit.jupiter.api.Test;

/**
 * PEM private keys in the forms Kubernetes secrets carry. PKCS#1 and SEC1 test inputs are made
 * with BouncyCastle exactly as {@code openssl genrsa -traditional} and {@code openssl ecparam
 * -genkey} write them.
 */
class PemPrivateKeysTest {

    private static String pem(String type, byte[] der) throws Exception {
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            writer.writeObject(new PemObject(type, der));
        }
        return out.toString();
    }

    private static KeyPair generate(String algorithm) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        if (algorithm.equals("EC")) {
            generator.initialize(new ECGenParameterSpec("secp256r1"));
        } else {
            generator.initialize(2048);
        }
        return generator.generateKeyPair();
    }

    @Test
    void readsPkcs8() throws Exception {
        PrivateKey key = generate("EC").getPrivate();

        PrivateKey parsed = PemPrivateKeys.parse(pem("PRIVATE KEY", key.getEncoded()), "test key");

        assertThat(parsed.getEncoded()).isEqualTo(key.getEncoded());
    }

    @Test
    void readsPkcs1Rsa() throws Exception {
        PrivateKey key = generate("RSA").getPrivate();
        byte[] pkcs1 = PrivateKeyInfo.getInstance(key.getEncoded()).parsePrivateKey().toASN1Primitive().getEncoded();

        PrivateKey parsed = PemPrivateKeys.parse(pem("RSA PRIVATE KEY", pkcs1), "test key");

        assertThat(parsed.getAlgorithm()).isEqualTo("RSA");
        assertThat(parsed.getEncoded()).isEqualTo(key.getEncoded());
    }

    @Test
    void readsSec1EcWithItsNamedCurve() throws Exception {
        KeyPair pair = generate("EC");
        ECPrivateKey key = (ECPrivateKey) pair.getPrivate();
        byte[] publicPoint = org.bouncycastle.asn1.x509.SubjectPublicKeyInfo
                .getInstance(pair.getPublic().getEncoded()).getPublicKeyData().getBytes();
        byte[] sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(256, key.getS(), new DERBitString(publicPoint),
                new ASN1ObjectIdentifier("1.2.840.10045.3.1.7")).getEncoded();
        String text = "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"
                + pem("EC PRIVATE KEY", sec1);

        PrivateKey parsed = PemPrivateKeys.parse(text, "test key");

        assertThat(parsed).isInstanceOf(ECPrivateKey.class);
        assertThat(((ECPrivateKey) parsed).getS()).isEqualTo(key.getS());
    }

    @Test
    void aSec1KeyWithoutCurveIsRejectedClearly() throws Exception {
        byte[] sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(256, BigInteger.TEN).getEncoded();

        assertThatThrownBy(() -> PemPrivateKeys.parse(pem("EC PRIVATE KEY", sec1), "client key"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("client key")
                .hasMessageContaining("named curve");
    }

    @Test
    void encryptedKeysAreRejected() throws Exception {
        assertThatThrownBy(() -> PemPrivateKeys.parse(pem("ENCRYPTED PRIVATE KEY", new byte[] {1, 2, 3}), "client key"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("encrypted");
    }

    @Test
    void garbageIsRejectedWithoutEchoingTheKey() throws Exception {
        byte[] junk = "this is not a key at all".getBytes();
        String text = pem("PRIVATE KEY", junk);

        assertThatThrownBy(() -> PemPrivateKeys.parse(text, "client key"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("client key")
                .hasMessageNotContaining(Base64.getEncoder().encodeToString(junk).substring(0, 12));
        assertThatThrownBy(() -> PemPrivateKeys.parse("no pem here", "client key"))
                .hasMessageContaining("no PEM private key");
    }
}

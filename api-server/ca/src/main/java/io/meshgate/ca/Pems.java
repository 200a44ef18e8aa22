package io.meshgate.ca;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * PEM reading and writing on BouncyCastle's parser, with the JDK's providers doing the crypto.
 * Keys are written as unencrypted PKCS#8 ({@code BEGIN PRIVATE KEY}), which Netty, openssl, Go and
 * Python all read. Error messages never contain key material.
 */
final class Pems {
    private static final JcaX509CertificateConverter CERTIFICATES = new JcaX509CertificateConverter();
    private static final JcaPEMKeyConverter KEYS = new JcaPEMKeyConverter();

    private Pems() {}

    /** Every certificate in the text, in order; IllegalArgumentException when there is none. */
    static List<X509Certificate> certificates(String pem) {
        List<X509Certificate> out = new ArrayList<>();
        for (Object object : objects(pem)) {
            if (object instanceof X509CertificateHolder holder) {
                try {
                    out.add(CERTIFICATES.getCertificate(holder));
                } catch (CertificateException e) {
                    throw new IllegalArgumentException("unreadable PEM certificate: " + e.getMessage(), e);
                }
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no PEM certificate found");
        }
        return out;
    }

    /** The first private key (PKCS#8, or the SEC1/PKCS#1 key pair forms openssl writes). */
    static PrivateKey privateKey(String pem) {
        for (Object object : objects(pem)) {
            try {
                if (object instanceof PrivateKeyInfo info) {
                    return KEYS.getPrivateKey(info);
                }
                if (object instanceof PEMKeyPair pair) {
                    return KEYS.getKeyPair(pair).getPrivate();
                }
            } catch (PEMException e) {
                throw new IllegalArgumentException("unreadable private key (" + e.getClass().getSimpleName() + ")");
            }
        }
        throw new IllegalArgumentException("no unencrypted PEM private key found");
    }

    /** The first certificate signing request; CsrRejectedException when there is none. */
    static PKCS10CertificationRequest certificateRequest(String pem) {
        List<Object> objects;
        try {
            objects = objects(pem);
        } catch (IllegalArgumentException e) {
            throw new CsrRejectedException("the request is not a readable PEM certificate signing request", e);
        }
        for (Object object : objects) {
            if (object instanceof PKCS10CertificationRequest csr) {
                return csr;
            }
        }
        throw new CsrRejectedException("no PEM certificate signing request (BEGIN CERTIFICATE REQUEST) found");
    }

    static String write(X509Certificate certificate) {
        return writeObject(certificate);
    }

    static String write(PrivateKey key) {
        try {
            return writeObject(new JcaPKCS8Generator(key, null).generate());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String writeObject(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static List<Object> objects(String pem) {
        if (pem == null) {
            throw new IllegalArgumentException("no PEM text");
        }
        List<Object> out = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object object;
            while ((object = parser.readObject()) != null) {
                out.add(object);
            }
        } catch (IOException | RuntimeException e) {
            // BouncyCastle reports broken base64 or DER as IOException or a runtime exception
            throw new IllegalArgumentException("unreadable PEM: " + e.getClass().getSimpleName(), e);
        }
        return out;
    }
}

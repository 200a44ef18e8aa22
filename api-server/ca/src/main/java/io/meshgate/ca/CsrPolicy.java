package io.meshgate.ca;

import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

/**
 * What the CA checks before signing a request: its self-signature (the requester holds the key),
 * no CA:true basic constraint, a key of at least 2048 bits (RSA) or 256 bits (EC), Ed25519/Ed448
 * allowed, and at least one subject alternative name, all of them DNS names or URIs. Only those
 * names are copied into the certificate; every other requested extension is ignored.
 */
final class CsrPolicy {
    static final int MIN_RSA_BITS = 2048;
    static final int MIN_EC_BITS = 256;

    /** The parts of an accepted request the certificate is built from. */
    record Accepted(PublicKey publicKey, List<GeneralName> subjectAltNames) {}

    private CsrPolicy() {}

    static Accepted check(String csrPem) {
        PKCS10CertificationRequest csr = Pems.certificateRequest(csrPem);
        PublicKey key = publicKey(csr);
        checkSignature(csr, key);
        checkKeyStrength(key);
        Extensions extensions = requestedExtensions(csr);
        checkNotCa(extensions);
        return new Accepted(key, subjectAltNames(extensions));
    }

    private static PublicKey publicKey(PKCS10CertificationRequest csr) {
        try {
            return new JcaPKCS10CertificationRequest(csr).getPublicKey();
        } catch (java.security.GeneralSecurityException | RuntimeException e) {
            throw new CsrRejectedException("the request's public key is unreadable or of an unsupported type", e);
        }
    }

    private static void checkSignature(PKCS10CertificationRequest csr, PublicKey key) {
        boolean valid;
        try {
            valid = csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key));
        } catch (OperatorCreationException | PKCSException | RuntimeException e) {
            throw new CsrRejectedException("the request's signature cannot be checked (unsupported algorithm)", e);
        }
        if (!valid) {
            throw new CsrRejectedException("the request's signature does not match its public key");
        }
    }

    private static void checkKeyStrength(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            if (bits < MIN_RSA_BITS) {
                throw new CsrRejectedException("weak key: RSA " + bits + " bits; at least " + MIN_RSA_BITS + " are required");
            }
        } else if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            if (bits < MIN_EC_BITS) {
                throw new CsrRejectedException("weak key: EC " + bits + " bits; at least " + MIN_EC_BITS + " are required");
            }
        } else if (!List.of("Ed25519", "Ed448", "EdDSA").contains(key.getAlgorithm())) {
            throw new CsrRejectedException("unsupported key type " + key.getAlgorithm() + "; use EC, RSA or Ed25519");
        }
    }

    private static Extensions requestedExtensions(PKCS10CertificationRequest csr) {
        Attribute[] attributes = csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest);
        if (attributes.length == 0) {
            return null;
        }
        if (attributes.length > 1 || attributes[0].getAttrValues().size() != 1) {
            throw new CsrRejectedException("the request holds more than one extension request");
        }
        try {
            return Extensions.getInstance(attributes[0].getAttrValues().getObjectAt(0));
        } catch (IllegalArgumentException e) {
            throw new CsrRejectedException("the request's extensions are malformed", e);
        }
    }

    private static void checkNotCa(Extensions extensions) {
        if (extensions == null) {
            return;
        }
        try {
            BasicConstraints constraints = BasicConstraints.fromExtensions(extensions);
            if (constraints != null && constraints.isCA()) {
                throw new CsrRejectedException("the request asks for a CA certificate (basicConstraints CA:true);"
                        + " this CA signs only end-entity certificates");
            }
        } catch (IllegalArgumentException e) {
            if (e instanceof CsrRejectedException) {
                throw e;
            }
            throw new CsrRejectedException("the request's basicConstraints extension is malformed", e);
        }
    }

    private static List<GeneralName> subjectAltNames(Extensions extensions) {
        GeneralNames names;
        try {
            names = extensions == null ? null : GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName);
        } catch (IllegalArgumentException e) {
            throw new CsrRejectedException("the request's subjectAltName extension is malformed", e);
        }
        if (names == null || names.getNames().length == 0) {
            throw new CsrRejectedException("the request has no subject alternative names; add DNS names or URIs"
                    + " (openssl req -addext \"subjectAltName=DNS:name\")");
        }
        if (names.getNames().length > IssueRequest.MAX_SUBJECT_ALT_NAMES) {
            throw new CsrRejectedException("the request has more than " + IssueRequest.MAX_SUBJECT_ALT_NAMES
                    + " subject alternative names");
        }
        List<GeneralName> out = new ArrayList<>();
        for (GeneralName name : names.getNames()) {
            int tag = name.getTagNo();
            if (tag != GeneralName.dNSName && tag != GeneralName.uniformResourceIdentifier) {
                throw new CsrRejectedException("only DNS and URI subject alternative names are signed; the request has a "
                        + tagName(tag));
            }
            String text;
            try {
                text = ASN1IA5String.getInstance(name.getName()).getString();
                // the same syntax rules as names of issued certificates
                out.add(tag == GeneralName.dNSName ? SubjectAltNames.dns(text) : SubjectAltNames.uri(text));
            } catch (IllegalArgumentException e) {
                throw new CsrRejectedException(e.getMessage(), e);
            }
        }
        return out;
    }

    private static String tagName(int tag) {
        return switch (tag) {
            case GeneralName.iPAddress -> "IP address";
            case GeneralName.rfc822Name -> "e-mail address";
            case GeneralName.directoryName -> "directory name";
            case GeneralName.otherName -> "otherName";
            case GeneralName.registeredID -> "registered id";
            default -> "name of type " + tag;
        };
    }
}

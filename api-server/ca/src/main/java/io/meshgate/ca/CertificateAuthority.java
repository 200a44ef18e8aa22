package io.meshgate.ca;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The mesh's certificate authority: a self-signed ECDSA P-256 root ({@value #COMMON_NAME}, valid
 * {@link #ROOT_VALIDITY}) that issues end-entity certificates with fresh P-256 keys and signs
 * certificate signing requests. Immutable and thread-safe once built.
 *
 * <p>On disk it is two PEM files in one directory: {@value #CERT_FILE} and {@value #KEY_FILE}
 * (PKCS#8, created with mode 0600 in a 0700 directory, never readable by others even briefly).
 * The private key never leaves this class except through {@link #save} and {@link #stored()} (the
 * control plane's Kubernetes mode keeps it in a Secret).
 */
public final class CertificateAuthority {
    public static final String COMMON_NAME = "Meshgate Mesh CA";
    public static final Duration ROOT_VALIDITY = Duration.ofDays(3650);
    public static final String CERT_FILE = "ca.crt";
    public static final String KEY_FILE = "ca.key";
    /**
     * Issued certificates start this long before the moment of issue, so a peer whose clock is a
     * little behind does not see a certificate from the future.
     */
    public static final Duration BACKDATE = Duration.ofMinutes(1);

    private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    private final X509Certificate certificate;
    private final PrivateKey key;
    private final String certificatePem;
    private final Clock clock;

    private CertificateAuthority(X509Certificate certificate, PrivateKey key, Clock clock) {
        this.certificate = certificate;
        this.key = key;
        this.certificatePem = Pems.write(certificate);
        this.clock = clock;
    }

    /** A new root with a fresh key, valid from now for {@link #ROOT_VALIDITY}. */
    public static CertificateAuthority create(Clock clock) {
        Objects.requireNonNull(clock, "clock");
        KeyPair pair = newKeyPair();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "Meshgate")
                .addRDN(BCStyle.CN, COMMON_NAME)
                .build();
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(ROOT_VALIDITY)), name, pair.getPublic())
                    // path length 0: whatever this CA signs can never sign further certificates
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            utils.createSubjectKeyIdentifier(pair.getPublic()));
            return new CertificateAuthority(sign(builder, pair.getPrivate()), pair.getPrivate(), clock);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot build the CA certificate", e);
        }
    }

    /**
     * Reads {@value #CERT_FILE} and {@value #KEY_FILE} from {@code directory}.
     *
     * @throws IllegalArgumentException when a file is unreadable, the certificate is not a CA, or
     *                                  the key does not belong to the certificate
     * @throws UncheckedIOException     when the files cannot be read
     */
    public static CertificateAuthority load(Path directory, Clock clock) {
        Objects.requireNonNull(clock, "clock");
        String certPem = read(directory.resolve(CERT_FILE));
        String keyPem = read(directory.resolve(KEY_FILE));
        return fromPem(certPem, keyPem, clock, directory.resolve(CERT_FILE).toString(),
                directory.resolve(KEY_FILE).toString());
    }

    /**
     * A CA kept elsewhere than in files (Kubernetes mode: a Secret), from its certificate and private
     * key in PEM ({@link #stored()}). Validity dates are not checked; the caller decides what an
     * expired root means for it.
     *
     * @param certWhere where the certificate came from, for the messages
     * @param keyWhere  where the key came from, for the messages (which never quote the key)
     * @throws IllegalArgumentException when either is unreadable, the certificate is not a CA, or
     *                                  the key does not belong to the certificate
     */
    public static CertificateAuthority fromPem(String certPem, String keyPem, Clock clock, String certWhere,
                                               String keyWhere) {
        Objects.requireNonNull(clock, "clock");
        X509Certificate certificate;
        PrivateKey key;
        try {
            certificate = Pems.certificates(certPem).get(0);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(certWhere + ": " + e.getMessage(), e);
        }
        try {
            key = Pems.privateKey(keyPem);
        } catch (IllegalArgumentException e) {
            // Pems' messages name the form, never the key's bytes
            throw new IllegalArgumentException(keyWhere + ": " + e.getMessage(), e);
        }
        if (certificate.getBasicConstraints() < 0) {
            throw new IllegalArgumentException(certWhere + " is not a CA certificate");
        }
        if (!keyMatches(key, certificate.getPublicKey())) {
            throw new IllegalArgumentException(keyWhere + " does not belong to " + certWhere);
        }
        return new CertificateAuthority(certificate, key, clock);
    }

    /** Loads the CA kept in {@code directory}, or creates one there when the directory holds none. */
    public static CertificateAuthority loadOrCreate(Path directory, Clock clock) {
        if (Files.exists(directory.resolve(CERT_FILE)) || Files.exists(directory.resolve(KEY_FILE))) {
            return load(directory, clock);
        }
        CertificateAuthority created = create(clock);
        created.save(directory);
        return created;
    }

    /**
     * Writes both PEM files into {@code directory} (created 0700 when missing). Each file is written
     * to a temporary name first and moved into place, so a crash never leaves half a key.
     */
    public void save(Path directory) {
        try {
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory, ownerOnly(directory.getParent(), OWNER_ONLY_DIR));
            }
            writeAtomically(directory.resolve(CERT_FILE), certificatePem, false);
            writeAtomically(directory.resolve(KEY_FILE), Pems.write(key), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the CA in " + directory, e);
        }
    }

    /**
     * The certificate and the private key in PEM, for keeping this CA in a store other than its
     * directory (Kubernetes mode: a Secret only the control plane reads). Never log or serve it.
     */
    public Stored stored() {
        return new Stored(certificatePem, Pems.write(key));
    }

    /**
     * A CA as kept: its certificate and private key in PEM ({@link #fromPem} reads them back).
     * {@link #toString()} leaves the key out, so a stray log line cannot leak it.
     */
    public record Stored(String certificatePem, String keyPem) {
        public Stored {
            Objects.requireNonNull(certificatePem, "certificatePem");
            Objects.requireNonNull(keyPem, "keyPem");
        }

        @Override
        public String toString() {
            return "Stored[certificatePem=" + certificatePem.length() + " chars, keyPem=(redacted)]";
        }
    }

    /** The CA certificate as PEM: what every peer trusts. */
    public String caPem() {
        return certificatePem;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public CertificateInfo info() {
        return CertificateInfo.of(certificate);
    }

    /** Issues a certificate with a fresh ECDSA P-256 key pair. */
    public IssuedCertificate issue(IssueRequest request) {
        Objects.requireNonNull(request, "request");
        KeyPair pair = newKeyPair();
        X509Certificate leaf = build(pair.getPublic(), SubjectAltNames.toGeneralNames(request.subjectAltNames()),
                request.subjectAltNames().get(0), request.validity(), request.usages());
        return new IssuedCertificate(Pems.write(leaf), Pems.write(pair.getPrivate()), certificatePem,
                leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant());
    }

    /**
     * Signs a PEM certificate signing request as a client and server certificate valid for
     * {@code validity}, after the checks of {@link CsrPolicy}: only the request's DNS and URI
     * subject alternative names are copied; its subject and other extensions are not.
     *
     * @throws CsrRejectedException when the request is refused, saying why
     */
    public SignedCertificate signCsr(String csrPem, Duration validity) {
        Objects.requireNonNull(validity, "validity");
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity must be positive, not " + validity);
        }
        CsrPolicy.Accepted accepted = CsrPolicy.check(csrPem);
        List<GeneralName> names = accepted.subjectAltNames();
        String firstName = names.get(0).getName().toString();
        X509Certificate leaf = build(accepted.publicKey(), new GeneralNames(names.toArray(GeneralName[]::new)),
                firstName, validity, Set.of(CertificateUsage.CLIENT, CertificateUsage.SERVER));
        return new SignedCertificate(Pems.write(leaf), certificatePem, CertificateInfo.of(leaf));
    }

    /**
     * Checks that {@code certPem} is a certificate this CA signed and {@code keyPem} its private
     * key, and returns what it holds; empty when either is unreadable, signed by someone else, or
     * the key belongs to another certificate. Validity dates are not checked (the caller decides
     * how close to expiry is too close).
     */
    public Optional<CertificateInfo> verifyIssued(String certPem, String keyPem) {
        try {
            X509Certificate leaf = Pems.certificates(certPem).get(0);
            leaf.verify(certificate.getPublicKey());
            if (!leaf.getIssuerX500Principal().equals(certificate.getSubjectX500Principal())) {
                return Optional.empty();
            }
            if (!keyMatches(Pems.privateKey(keyPem), leaf.getPublicKey())) {
                return Optional.empty();
            }
            return Optional.of(CertificateInfo.of(leaf));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private X509Certificate build(PublicKey publicKey, GeneralNames names, String commonName, Duration validity,
                                  Set<CertificateUsage> usages) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant caEnd = certificate.getNotAfter().toInstant();
        if (!now.isBefore(caEnd)) {
            throw new IllegalStateException("the CA certificate expired at " + caEnd + "; replace the CA");
        }
        Instant requestedEnd = now.plus(validity);
        Instant notAfter = requestedEnd.isAfter(caEnd) ? caEnd : requestedEnd;
        X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Meshgate");
        if (commonName.length() <= 64) { // the X.520 upper bound of a common name
            subject.addRDN(BCStyle.CN, commonName);
        }
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial(),
                    Date.from(now.minus(BACKDATE)), Date.from(notAfter), subject.build(), publicKey)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, keyUsage(publicKey))
                    .addExtension(Extension.extendedKeyUsage, false, extendedKeyUsage(usages))
                    .addExtension(Extension.subjectAlternativeName, false, names)
                    .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(publicKey))
                    // key id only (no issuer name and serial): a re-issued root with the same key still matches
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            utils.createAuthorityKeyIdentifier(certificate.getPublicKey()));
            return sign(builder, key);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot build a certificate", e);
        }
    }

    /** RSA keys may also be used for key transport (TLS 1.2 RSA key exchange); others only sign. */
    private static KeyUsage keyUsage(PublicKey publicKey) {
        int bits = KeyUsage.digitalSignature;
        if (publicKey.getAlgorithm().equals("RSA")) {
            bits |= KeyUsage.keyEncipherment;
        }
        return new KeyUsage(bits);
    }

    private static ExtendedKeyUsage extendedKeyUsage(Set<CertificateUsage> usages) {
        return new ExtendedKeyUsage(usages.stream().sorted()
                .map(u -> u == CertificateUsage.SERVER ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth)
                .toArray(KeyPurposeId[]::new));
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey)
            throws CertificateException {
        try {
            ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(signingKey);
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot create a " + SIGNATURE_ALGORITHM + " signer", e);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot generate P-256 keys", e);
        }
    }

    /** 128 random bits, positive: unique without a counter and unpredictable, as CAs are asked to be. */
    private static BigInteger serial() {
        return new BigInteger(128, RANDOM).setBit(127);
    }

    /** Signs a probe with the private key and checks it with the public key. */
    private static boolean keyMatches(PrivateKey privateKey, PublicKey publicKey) {
        String algorithm = switch (privateKey.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "Ed448", "EdDSA" -> privateKey.getAlgorithm();
            default -> null;
        };
        if (algorithm == null || !privateKey.getAlgorithm().equals(publicKey.getAlgorithm())) {
            return false;
        }
        try {
            byte[] probe = "meshgate-key-match".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void writeAtomically(Path target, String content, boolean secret) throws IOException {
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        FileAttribute<?>[] attributes = secret ? ownerOnly(target.getParent(), OWNER_ONLY_FILE) : new FileAttribute<?>[0];
        try {
            Files.createFile(temp, attributes);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("another process is writing " + target, e);
        }
        Files.writeString(temp, content, StandardCharsets.US_ASCII);
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** POSIX permissions where the file system has them (not on Windows). */
    private static FileAttribute<?>[] ownerOnly(Path near, Set<PosixFilePermission> permissions) {
        Path probe = near == null ? Path.of(".") : near;
        while (probe != null && !Files.exists(probe)) {
            probe = probe.getParent();
        }
        boolean posix = probe != null && probe.getFileSystem().supportedFileAttributeViews().contains("posix");
        return posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
                : new FileAttribute<?>[0];
    }
}

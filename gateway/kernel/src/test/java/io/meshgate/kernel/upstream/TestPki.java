package io.meshgate.kernel.upstream;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;

/** Certificates for the TLS tests, generated once per test JVM (EC P-256: fast). */
final class TestPki {
    static final String SERVER_NAME = "upstream.test";
    /** The only name of {@link #SERVER_CN_ONLY}: in its subject CN, with no SAN at all (like the backend of examples/ingress-tls). */
    static final String CN_ONLY_NAME = "cn-only.test";

    static final X509Bundle CA;
    static final X509Bundle SERVER;
    static final X509Bundle SERVER_CN_ONLY;
    static final X509Bundle OTHER_CA;
    static final X509Bundle CLIENT_CA;
    static final X509Bundle CLIENT;

    static {
        try {
            CA = ca("CN=Meshgate Test Upstream CA");
            OTHER_CA = ca("CN=Some Other CA");
            CLIENT_CA = ca("CN=Meshgate Test Client CA");
            SERVER = new CertificateBuilder()
                    .subject("CN=" + SERVER_NAME)
                    .addSanDnsName(SERVER_NAME)
                    .addSanIpAddress("127.0.0.1")
                    .setKeyUsage(true, CertificateBuilder.KeyUsage.digitalSignature)
                    .addExtendedKeyUsageServerAuth()
                    .ecp256()
                    .buildIssuedBy(CA);
            SERVER_CN_ONLY = new CertificateBuilder()
                    .subject("CN=" + CN_ONLY_NAME)
                    .ecp256()
                    .buildIssuedBy(CA);
            CLIENT = new CertificateBuilder()
                    .subject("CN=meshgate-proxy")
                    .setKeyUsage(true, CertificateBuilder.KeyUsage.digitalSignature)
                    .addExtendedKeyUsageClientAuth()
                    .ecp256()
                    .buildIssuedBy(CLIENT_CA);
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private TestPki() {}

    private static X509Bundle ca(String subject) throws Exception {
        return new CertificateBuilder()
                .subject(subject)
                .setIsCertificateAuthority(true)
                .setKeyUsage(true, CertificateBuilder.KeyUsage.keyCertSign, CertificateBuilder.KeyUsage.cRLSign)
                .ecp256()
                .buildSelfSigned();
    }

    /** The upstream server's context; {@code requireClientCert} demands a certificate from CLIENT_CA. */
    static SslContext serverContext(boolean requireClientCert, String... alpn) throws Exception {
        return serverContext(SERVER, requireClientCert, alpn);
    }

    /** The context of a server presenting {@code certificate}. */
    static SslContext serverContext(X509Bundle certificate, boolean requireClientCert, String... alpn) throws Exception {
        SslContextBuilder builder = SslContextBuilder
                .forServer(certificate.getKeyPair().getPrivate(), certificate.getCertificatePath());
        if (requireClientCert) {
            builder.clientAuth(ClientAuth.REQUIRE).trustManager(CLIENT_CA.getCertificate());
        }
        if (alpn.length > 0) {
            builder.applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                    ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                    ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, alpn));
        }
        return builder.build();
    }
}

package io.meshgate.egress.translator;

import io.meshgate.config.PrivateKeyPem;

/**
 * Stand-in certificates: the translator copies PEM text without reading it, so readable text in PEM
 * armour keeps golden files short and shows whose certificate went where.
 */
final class TestCertificates {
    static final String CA = "-----BEGIN CERTIFICATE-----\ntest mesh CA\n-----END CERTIFICATE-----\n";

    private TestCertificates() {}

    /** The certificate the control plane would issue for the egress gateway. */
    static GatewayCertificate gateway() {
        String identity = EgressGatewayIdentity.PRINCIPAL;
        return new GatewayCertificate("-----BEGIN CERTIFICATE-----\ntest certificate of " + identity
                + "\n-----END CERTIFICATE-----\n",
                PrivateKeyPem.of("-----BEGIN PRIVATE KEY-----\ntest key of " + identity + "\n-----END PRIVATE KEY-----\n"),
                CA);
    }
}

package io.meshgate.egress.translator;

import io.meshgate.config.PrivateKeyPem;
import java.util.Objects;

/**
 * The egress gateway's mesh certificate as the control plane issued it (identity
 * {@value EgressGatewayIdentity#PRINCIPAL}) and the mesh CA callers' certificates must chain to. The
 * translator copies the PEM text into the config without reading it.
 *
 * @param certificateChainPem the leaf, then any intermediates
 * @param privateKey          the leaf's key
 * @param caPem               the mesh CA certificate
 */
public record GatewayCertificate(String certificateChainPem, PrivateKeyPem privateKey, String caPem) {
    public GatewayCertificate {
        Objects.requireNonNull(certificateChainPem, "certificateChainPem");
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(caPem, "caPem");
    }

    /** Names no key material: the chain and CA are public, the key is never printed. */
    @Override
    public String toString() {
        return "GatewayCertificate[chain=" + certificateChainPem.length() + " chars, privateKey=[redacted]]";
    }
}

package io.meshgate.sidecar.translator;

import io.meshgate.config.PrivateKeyPem;
import java.util.Objects;

/**
 * A workload's mesh certificate as the control plane issued it: what its sidecar presents, both as
 * the server of its inbound listener and as the client of mesh clusters, and the mesh CA that peers'
 * certificates must chain to. The translator copies the PEM text into the config without reading it.
 *
 * @param certificateChainPem the leaf (identity {@code <sa>.<ns>.cluster.local}), then any intermediates
 * @param privateKey          the leaf's key
 * @param caPem               the mesh CA certificate
 */
public record WorkloadCertificate(String certificateChainPem, PrivateKeyPem privateKey, String caPem) {
    public WorkloadCertificate {
        Objects.requireNonNull(certificateChainPem, "certificateChainPem");
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(caPem, "caPem");
    }

    /** Names no key material: the chain and CA are public, the key is never printed. */
    @Override
    public String toString() {
        return "WorkloadCertificate[chain=" + certificateChainPem.length() + " chars, privateKey=[redacted]]";
    }
}

package io.meshgate.reconcile.sidecar;

import io.meshgate.sidecar.translator.WorkloadCertificate;

/**
 * Where sidecar translations get their workloads' certificates: identity {@code <sa>.<ns>.cluster.local}
 * (DNS SAN) and {@code spiffe://cluster.local/ns/<ns>/sa/<sa>} (URI SAN), from the mesh CA.
 *
 * <p>Called on the reconcile thread during translation, so it must be quick once an identity has a
 * certificate, and it must hand out the same certificate for an identity until that certificate is
 * due for rotation: translations are compared by content, and a new certificate at every pass would
 * publish a new config at every pass.
 */
public interface WorkloadCertificates {

    /**
     * The current certificate of ServiceAccount {@code serviceAccount} in {@code namespace}, issued
     * now when there is none or the one there is is due for rotation.
     *
     * @throws RuntimeException when none can be issued (the proxy keeps its previous config)
     */
    WorkloadCertificate issue(String namespace, String serviceAccount);

    /**
     * Increases whenever a certificate handed out before may now be replaced by {@link #issue}
     * (a rotation fell due). While it stays the same, {@code issue} returns what it returned before
     * for every identity it was asked about; the reconciler reuses translations only then.
     */
    long revision();
}

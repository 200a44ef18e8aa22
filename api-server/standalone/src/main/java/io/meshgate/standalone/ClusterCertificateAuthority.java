package io.meshgate.standalone;

import io.meshgate.ca.CertificateAuthority;
import io.meshgate.kube.CaSecret;
import java.time.Clock;
import java.time.Instant;

/**
 * Kubernetes mode's mesh CA: the one in the control plane's CA Secret ({@link CaSecret}), created
 * there at the first start of the first replica. Every replica issues from it, so a sidecar's
 * certificate from one replica is trusted by the peers configured by another. A Secret that is there
 * but unreadable, not a CA, holding a key of another certificate, or expired stops the start with the
 * reason: replacing it would silently distrust every certificate issued, so that is left to a person
 * (delete the Secret, then restart every replica and roll every meshed workload).
 */
final class ClusterCertificateAuthority {
    private ClusterCertificateAuthority() {}

    /**
     * @throws IllegalStateException naming the Secret and what is wrong with it
     */
    static CertificateAuthority loadOrCreate(CaSecret secret, Clock clock) {
        CaSecret.Outcome outcome = secret.readOrCreate(() -> {
            CertificateAuthority.Stored fresh = CertificateAuthority.create(clock).stored();
            return new CaSecret.Content(fresh.certificatePem(), fresh.keyPem());
        });
        CertificateAuthority ca;
        try {
            ca = CertificateAuthority.fromPem(outcome.content().certificatePem(), outcome.content().keyPem(), clock,
                    secret.where() + " key " + CaSecret.CERT_KEY, secret.where() + " key " + CaSecret.KEY_KEY);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the mesh CA in " + secret.where() + " is unusable: " + e.getMessage()
                    + ". It is never replaced automatically (every issued certificate depends on it): repair it,"
                    + " or delete it to have a new CA made at the next start", e);
        }
        Instant notAfter = ca.certificate().getNotAfter().toInstant();
        if (!clock.instant().isBefore(notAfter)) {
            throw new IllegalStateException("the mesh CA in " + secret.where() + " expired at " + notAfter
                    + ". It is never replaced automatically: delete it to have a new CA made at the next start,"
                    + " then restart the meshed workloads");
        }
        if (!outcome.created()) {
            secret.labelIfMissing(); // only now: a Secret that stops the start stays as it was
        }
        return ca;
    }
}

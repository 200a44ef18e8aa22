package io.meshgate.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.ca.CertificateAuthority;
import io.meshgate.ca.IssueRequest;
import io.meshgate.ca.IssuedCertificate;
import io.meshgate.db.Actor;
import io.meshgate.db.StoredObject;
import io.meshgate.resources.MeshConfigDefaults;
import io.meshgate.resources.ResourceCodec;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.lang.System.Logger.Level;

/**
 * Keeps the ingress gateway's certificate Secret (MeshConfig {@code spec.certificate.ingressGateway})
 * issued by the mesh CA: a {@code kubernetes.io/tls} Secret with {@code ca.crt}, {@code tls.crt} and
 * {@code tls.key}, labelled {@value #ISSUED_BY_LABEL}={@value #ISSUED_BY}. It re-issues when the Secret
 * is missing or no longer what was issued (edited, another CA, another key), when the names or the
 * validity change, and when less than a third of the certificate's lifetime is left. Secrets it issued
 * that the setting no longer names (removed or renamed) are deleted; Secrets without its labels are
 * never deleted.
 *
 * <p>Writes go through the mode's path ({@link ControllerMode}): validated, audited as
 * {@value #ACTOR_NAME} (Secret data redacted like every Secret), seen by watchers and the reconcile
 * loop; in Kubernetes mode written to the cluster, by the leader only. A pass runs after every change
 * of the mode's objects (debounced) and at least every {@code checkInterval}, on one background thread.
 */
final class IngressGatewayCertificates extends CaSecretController {
    static final String ACTOR_NAME = "system:certificate-issuer";
    static final String ISSUED_BY_LABEL = CaIssuedSecrets.ISSUED_BY_LABEL;
    static final String ISSUED_BY = CaIssuedSecrets.ISSUED_BY;
    /** Which setting a Secret was issued for, so removal deletes only the ingress gateway's Secret. */
    static final String PURPOSE_LABEL = CaIssuedSecrets.PURPOSE_LABEL;
    static final String PURPOSE = "ingress-gateway";
    static final Duration CHECK_INTERVAL = Duration.ofMinutes(1);

    private static final System.Logger LOG = System.getLogger(IngressGatewayCertificates.class.getName());
    private static final Actor ACTOR = Actor.system(ACTOR_NAME);

    /** @param mode where it reads and writes and what wakes it: the store, or the cluster (leader only) */
    IngressGatewayCertificates(ControllerMode mode, ResourceWrites writes, ResourceCodec codec, CertificateAuthority ca,
                               Clock clock, Duration checkInterval) {
        super(mode, writes, codec, ca, clock, checkInterval, "meshgate-certificates", "ingress gateway certificate check");
    }

    /** One check: issue what is due, delete what is no longer wanted. */
    @Override
    void pass() {
        Optional<IngressGatewayCertificate> wanted = wanted();
        if (wanted == null) {
            return; // unreadable setting: change nothing rather than delete a working certificate
        }
        wanted.ifPresent(this::ensureIssued);
        deleteUnwanted(wanted.orElse(null));
    }

    /** The setting, empty when absent, null when unreadable. */
    private Optional<IngressGatewayCertificate> wanted() {
        Optional<StoredObject> meshConfig = reads.get("MeshConfig", MeshConfigDefaults.NAMESPACE, MeshConfigDefaults.NAME);
        if (meshConfig.isEmpty()) {
            return Optional.empty();
        }
        try {
            return IngressGatewayCertificate.fromMeshConfig(Jsons.readStored(meshConfig.get().bodyJson()));
        } catch (IllegalArgumentException e) {
            LOG.log(Level.WARNING, "MeshConfig " + MeshConfigDefaults.NAMESPACE + "/" + MeshConfigDefaults.NAME
                    + ": ignoring certificate.ingressGateway: " + e.getMessage());
            return null;
        }
    }

    private void ensureIssued(IngressGatewayCertificate wanted) {
        Optional<StoredObject> current = reads.get("Secret", wanted.namespace(), wanted.name());
        Optional<String> reason = reissueReason(current.orElse(null), wanted);
        if (reason.isEmpty()) {
            return;
        }
        IssuedCertificate issued = ca.issue(IssueRequest.clientAndServer(wanted.subjectAltNames(), wanted.validity()));
        ResourceWrites.Candidate candidate = writes.prepare(codec.fromJson(secret(wanted, issued)), 0, 0, null);
        long examined = current.map(StoredObject::resourceVersion).orElse(0L);
        String note = "issued by meshgate-ca (" + reason.get() + "), valid until " + issued.notAfter();
        // false when changed meanwhile: that change triggers another pass which looks again
        boolean written = mode.putIfUnchanged(ACTOR, candidate, examined, note);
        if (written) {
            LOG.log(Level.INFO, "Secret " + wanted.namespace() + "/" + wanted.name() + ": " + note);
        }
    }

    /** Why the Secret must be (re-)issued, or empty when it is a valid, current certificate of ours. */
    Optional<String> reissueReason(StoredObject secret, IngressGatewayCertificate wanted) {
        return CaIssuedSecrets.reissueReason(secret, PURPOSE, wanted.subjectAltNames(), wanted.validity(), ca,
                clock.instant());
    }

    private void deleteUnwanted(IngressGatewayCertificate wanted) {
        for (StoredObject secret : reads.list("Secret", null, Map.of(ISSUED_BY_LABEL, ISSUED_BY, PURPOSE_LABEL, PURPOSE),
                Set.of(), 0, null).items()) {
            if (wanted != null && secret.namespace().equals(wanted.namespace()) && secret.name().equals(wanted.name())) {
                continue;
            }
            String note = "no longer named by MeshConfig certificate.ingressGateway";
            // false when changed meanwhile: the next pass decides again
            boolean deleted = mode.deleteIfUnchanged(ACTOR, secret, note);
            if (deleted) {
                LOG.log(Level.INFO, "Secret " + secret.namespace() + "/" + secret.name() + " deleted: " + note);
            }
        }
    }

    private static ObjectNode secret(IngressGatewayCertificate wanted, IssuedCertificate issued) {
        return CaIssuedSecrets.secret(wanted.namespace(), wanted.name(), PURPOSE, Map.of(), wanted.subjectAltNames(),
                issued);
    }
}

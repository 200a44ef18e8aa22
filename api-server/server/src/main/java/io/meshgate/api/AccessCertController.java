package io.meshgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.ca.CertificateAuthority;
import io.meshgate.ca.IssueRequest;
import io.meshgate.ca.IssuedCertificate;
import io.meshgate.db.Actor;
import io.meshgate.db.StoredObject;
import io.meshgate.reconcile.ReportedStatus;
import io.meshgate.reconcile.StatusDocument;
import io.meshgate.resources.Condition;
import io.meshgate.resources.KindInfo;
import io.meshgate.resources.KindRegistry;
import io.meshgate.resources.MeshConfigDefaults;
import io.meshgate.resources.ResourceCodec;
import io.meshgate.resources.schema.Formats;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * FSM's AccessCert ({@code policy.flomesh.io/v1alpha1}): a certificate of the mesh CA for a caller
 * outside the mesh, kept in the Secret the AccessCert names ({@code spec.secret}), for the names of
 * {@code spec.subjectAltNames} (all of them; FSM keeps only the first). The caller presents it to a
 * sidecar whose AccessControl backend asks for mTLS ({@code tls}) and names its principal.
 *
 * <ul>
 *   <li>Issued while MeshConfig {@code featureFlags.enableAccessCertPolicy} is on (off by default, as
 *       in FSM), valid for {@code certificate.serviceCertValidityDuration} (24 h), issued again when a
 *       third of that is left or when the Secret no longer holds what was issued
 *       ({@link CaIssuedSecrets}).</li>
 *   <li>The Secret is labelled as issued for AccessCerts and annotated {@value #OWNER_ANNOTATION} =
 *       {@code <namespace>/<name>} of its AccessCert. It is deleted when that AccessCert is deleted or
 *       names another Secret. A Secret this controller did not issue for that AccessCert is never
 *       overwritten (FSM overwrites it): the AccessCert reports {@code SecretExists} instead, so an
 *       AccessCert cannot replace another Secret's keys. Two AccessCerts naming one Secret: the one it
 *       was issued for keeps it (else the oldest gets it), the other reports {@code SecretConflict}.</li>
 *   <li>Status: FSM's {@code currentStatus} ({@code committed} / {@code error}) and {@code reason},
 *       plus a {@code Ready} condition whose reason is {@code Issued}, {@code PolicyDisabled},
 *       {@code SecretExists} or {@code SecretConflict}. The private key is only in the Secret, whose
 *       data the API shows to editors and admins only (viewers, watches for viewers and the audit
 *       history get it redacted).</li>
 * </ul>
 * One background thread, debounced after each change of the mode's objects and at least every
 * {@code checkInterval} (renewal); writes only differences, audited as {@value #ACTOR_NAME}. Each write
 * is made only if the object is still the version the pass looked at; when not, the change that moved
 * it brings another pass. Reads, writes and wake-ups follow the mode ({@link ControllerMode}): the
 * store in standalone mode, the cluster in Kubernetes mode, where only the leader's passes run. The
 * status goes through {@link ResourceWrites#writeStatus}, which follows the mode too (the
 * AccessCert's {@code /status} in the cluster).
 */
final class AccessCertController extends CaSecretController {
    static final String ACTOR_NAME = "system:access-cert-controller";
    static final String PURPOSE = "access-cert";
    static final String OWNER_ANNOTATION = "meshgate.io/access-cert";
    static final String READY = "Ready";
    static final Duration CHECK_INTERVAL = Duration.ofMinutes(1);

    private static final System.Logger LOG = System.getLogger(AccessCertController.class.getName());
    private static final Actor ACTOR = Actor.system(ACTOR_NAME);
    private static final KindInfo ACCESS_CERT = KindRegistry.standard().byKind("AccessCert").orElseThrow();

    /** @param mode where it reads and writes and what wakes it: the store, or the cluster (leader only) */
    AccessCertController(ControllerMode mode, ResourceWrites writes, ResourceCodec codec, CertificateAuthority ca,
                         Clock clock, Duration checkInterval) {
        super(mode, writes, codec, ca, clock, checkInterval, "meshgate-access-certs", "AccessCert pass");
    }

    /** What one AccessCert asks for. */
    private record Wanted(StoredObject accessCert, String owner, String secretNamespace, String secretName,
                          List<String> subjectAltNames) {
        String secretKey() {
            return secretNamespace + "/" + secretName;
        }
    }

    /** One pass: delete Secrets nobody wants, issue what is due, report each AccessCert. */
    @Override
    synchronized void pass() {
        JsonNode meshConfig = reads.get("MeshConfig", MeshConfigDefaults.NAMESPACE, MeshConfigDefaults.NAME)
                .map(o -> (JsonNode) Jsons.readStored(o.bodyJson()).path("spec"))
                .orElse(MeshConfigDefaults.resource().spec());
        boolean enabled = flag(meshConfig, "featureFlags", "enableAccessCertPolicy");
        Duration validity = validity(meshConfig);

        List<Wanted> wanted = new ArrayList<>();
        for (StoredObject cert : reads.list("AccessCert", null, Map.of(), Set.of(), 0, null).items()) {
            wanted.add(wanted(cert));
        }
        // the oldest AccessCert first, so a new one never takes a Secret from an older one
        wanted.sort(Comparator.comparing((Wanted w) -> w.accessCert().createdAt()).thenComparing(Wanted::owner));
        // a Secret stays with the AccessCert it was issued for
        Map<String, String> claimedBy = deleteUnwanted(wanted);
        for (Wanted w : wanted) {
            Condition ready;
            String first = claimedBy.putIfAbsent(w.secretKey(), w.owner());
            if (w.owner().equals(first)) {
                first = null;
            }
            if (!enabled) {
                ready = Condition.isFalse(READY, "PolicyDisabled", "no certificate is issued: MeshConfig"
                        + " featureFlags.enableAccessCertPolicy is off");
            } else if (first != null) {
                ready = Condition.isFalse(READY, "SecretConflict", "Secret " + w.secretKey()
                        + " is AccessCert " + first + "'s; name another Secret");
            } else {
                ready = ensureIssued(w, validity);
            }
            report(w.accessCert(), ready);
        }
    }

    private static Wanted wanted(StoredObject cert) {
        JsonNode spec = Jsons.readStored(cert.bodyJson()).path("spec");
        List<String> names = new ArrayList<>();
        spec.path("subjectAltNames").forEach(n -> names.add(n.asText()));
        return new Wanted(cert, cert.namespace() + "/" + cert.name(),
                spec.path("secret").path("namespace").asText(cert.namespace()), spec.path("secret").path("name").asText(),
                List.copyOf(names));
    }

    /** Issues the Secret when due; the Ready condition that results. */
    private Condition ensureIssued(Wanted w, Duration validity) {
        Optional<StoredObject> current = reads.get("Secret", w.secretNamespace(), w.secretName());
        if (current.isPresent() && !ownedBy(current.get(), w.owner())) {
            return Condition.isFalse(READY, "SecretExists", "Secret " + w.secretKey() + " exists and was not"
                    + " issued for this AccessCert, so it is left as it is; delete it or name another Secret");
        }
        Optional<String> reason = CaIssuedSecrets.reissueReason(current.orElse(null), PURPOSE, w.subjectAltNames(),
                validity, ca, clock.instant());
        if (reason.isEmpty()) {
            return issued(w, current.flatMap(CaIssuedSecrets::notAfter).map(Object::toString).orElse("?"));
        }
        IssuedCertificate issued = ca.issue(IssueRequest.clientAndServer(w.subjectAltNames(), validity));
        ObjectNode body = CaIssuedSecrets.secret(w.secretNamespace(), w.secretName(), PURPOSE,
                Map.of(OWNER_ANNOTATION, w.owner()), w.subjectAltNames(), issued);
        ResourceWrites.Candidate candidate = writes.prepare(codec.fromJson(body), 0, 0, null);
        long examined = current.map(StoredObject::resourceVersion).orElse(0L);
        String note = "issued by meshgate-ca for AccessCert " + w.owner() + " (" + reason.get() + "), valid until "
                + issued.notAfter();
        // false when changed meanwhile: that change triggers another pass which looks again
        boolean written = mode.putIfUnchanged(ACTOR, candidate, examined, note);
        if (written) {
            LOG.log(Level.INFO, "Secret " + w.secretKey() + ": " + note);
        }
        return issued(w, issued.notAfter().toString());
    }

    private static Condition issued(Wanted w, String notAfter) {
        return Condition.isTrue(READY, "Issued", "a certificate of the mesh CA for " + String.join(", ",
                w.subjectAltNames()) + " is in Secret " + w.secretKey() + ", valid until " + notAfter
                + "; it is renewed when a third of its lifetime is left");
    }

    /** Writes the AccessCert's status when it differs from the stored one. */
    private void report(StoredObject cert, Condition ready) {
        ObjectNode fields = Jsons.MAPPER.createObjectNode();
        // FSM's own fields, which its tools and users read
        fields.put("currentStatus", ready.holds() ? "committed" : "error");
        fields.put("reason", ready.holds() ? "successfully committed by the system" : ready.message());
        JsonNode stored = Jsons.readStored(cert.bodyJson()).get("status");
        ObjectNode status = StatusDocument.compose(new ReportedStatus(fields, List.of(ready)), stored,
                cert.generation(), clock.instant());
        // compared as stored (a re-parse: numbers as ints where they fit), so equal means unchanged
        if (Jsons.readStored(Jsons.write(status)).equals(stored)) {
            return;
        }
        try {
            writes.writeStatus(ACTOR, ACCESS_CERT, cert.namespace(), cert.name(), status, cert.resourceVersion(), null);
        } catch (ApiException e) {
            if (e.status() != 409 && e.status() != 404) {
                throw e;
            }
            // changed or deleted meanwhile: that commit brings another pass
        }
    }

    /**
     * Deletes the Secrets issued for AccessCerts that are gone or now name another Secret.
     *
     * @return the Secrets kept, by {@code namespace/name}, each with the AccessCert it belongs to
     */
    private Map<String, String> deleteUnwanted(List<Wanted> wanted) {
        Map<String, String> kept = new HashMap<>();
        Map<String, String> secretOf = new HashMap<>();
        wanted.forEach(w -> secretOf.put(w.owner(), w.secretKey()));
        for (StoredObject secret : reads.list("Secret", null, Map.of(CaIssuedSecrets.ISSUED_BY_LABEL,
                CaIssuedSecrets.ISSUED_BY, CaIssuedSecrets.PURPOSE_LABEL, PURPOSE), Set.of(), 0, null).items()) {
            String owner = owner(secret);
            String key = secret.namespace() + "/" + secret.name();
            if (key.equals(secretOf.get(owner))) {
                kept.put(key, owner);
                continue;
            }
            String note = "AccessCert " + owner + (secretOf.containsKey(owner) ? " names another Secret" : " was deleted");
            // false when changed meanwhile: the next pass decides again
            boolean deleted = mode.deleteIfUnchanged(ACTOR, secret, note);
            if (deleted) {
                LOG.log(Level.INFO, "Secret " + secret.namespace() + "/" + secret.name() + " deleted: " + note);
            }
        }
        return kept;
    }

    private static boolean ownedBy(StoredObject secret, String owner) {
        return CaIssuedSecrets.issuedFor(secret, PURPOSE) && owner.equals(owner(secret));
    }

    private static String owner(StoredObject secret) {
        return Jsons.readStored(secret.bodyJson()).path("metadata").path("annotations").path(OWNER_ANNOTATION).asText("");
    }

    private static boolean flag(JsonNode spec, String section, String name) {
        JsonNode value = spec.path(section).path(name);
        return value.isBoolean() ? value.booleanValue()
                : MeshConfigDefaults.resource().spec().path(section).path(name).asBoolean(false);
    }

    /** {@code certificate.serviceCertValidityDuration}; the default (24 h) when unset or unreadable. */
    private static Duration validity(JsonNode spec) {
        String fallback = MeshConfigDefaults.resource().spec().path("certificate").path("serviceCertValidityDuration")
                .asText("24h");
        String text = spec.path("certificate").path("serviceCertValidityDuration").asText(fallback);
        try {
            Duration parsed = Formats.parseDuration(text);
            if (!parsed.isZero() && !parsed.isNegative()) {
                return parsed;
            }
        } catch (IllegalArgumentException e) {
            LOG.log(Level.WARNING, "MeshConfig certificate.serviceCertValidityDuration '" + text + "': " + e.getMessage()
                    + "; AccessCerts use " + fallback);
        }
        return Formats.parseDuration(fallback);
    }
}

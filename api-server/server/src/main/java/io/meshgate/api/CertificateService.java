package io.meshgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.meshgate.ca.CertificateAuthority;
import io.meshgate.ca.CertificateInfo;
import io.meshgate.ca.CsrRejectedException;
import io.meshgate.ca.SignedCertificate;
import io.meshgate.db.AuditEntry;
import io.meshgate.db.AuditVerb;
import io.meshgate.db.ResourceStore;
import io.meshgate.db.Role;
import io.meshgate.resources.schema.Formats;

import java.util.List;
import java.time.Duration;

/**
 * {@code POST /api/v1/certificates} (editor): the mesh CA signs a PEM certificate signing request,
 * sent as the body or as JSON {@code {"csr": "...", "validityDuration": "24h"}}, and answers the chain
 * (leaf, then CA) and the CA certificate. Every signed certificate leaves an audit row (kind
 * {@value #AUDIT_KIND}, verb sign, name = first SAN) in the same history as resource changes.
 * It answers JSON, or the PEM chain alone with {@code ?output=pem} or {@code Accept: application/x-pem-file}.
 * The CA certificate itself is {@link CaService}'s.
 */
final class CertificateService implements EndpointsService {
    static final String AUDIT_KIND = "Certificate";
    static final Duration DEFAULT_VALIDITY = Duration.ofHours(24);
    /** Below a minute a certificate expires before anyone can use it; a year bounds a leaked key's damage. */
    static final Duration MIN_VALIDITY = Duration.ofMinutes(1);
    static final Duration MAX_VALIDITY = Duration.ofDays(365);
    static final String PEM = "application/x-pem-file";

    private final CertificateAuthority ca;
    private final ResourceStore store;
    private final Endpoints endpoints;

    CertificateService(CertificateAuthority ca, ResourceStore store) {
        this.ca = ca;
        this.store = store;
        this.endpoints = Endpoints.builder()
                .path("/").post(this::sign)
                .otherPaths(Endpoints.NO_SUCH_PATH)
                .build();
    }

    @Override
    public String mountPath() {
        return "/api/v1/certificates";
    }

    @Override
    public Endpoints endpoints() {
        return endpoints;
    }

    private void sign(Exchange ex) {
        ex.caller.require(Role.EDITOR);
        String body = ex.body();
        String csr;
        Duration validity = DEFAULT_VALIDITY;
        if (ex.contentType().equals(Exchange.JSON) || body.stripLeading().startsWith("{")) {
            JsonNode json = Jsons.read(body);
            csr = ApiException.requiredText(json, "csr");
            JsonNode v = json.get("validityDuration");
            if (v != null && !v.isNull()) {
                validity = validity(v.asText());
            }
        } else {
            csr = body;
        }
        SignedCertificate signed;
        try {
            signed = ca.signCsr(csr, validity);
        } catch (CsrRejectedException e) {
            throw new ApiException(422, "csr-rejected", "Unprocessable Content", "certificate signing request refused: "
                    + e.getMessage(), List.of(ApiException.Detail.of("csr", e.getMessage())));
        }
        audit(ex, signed.info());
        if (wantsPem(ex)) {
            ex.send(200, PEM, signed.chainPem());
            return;
        }
        ObjectNode out = Jsons.MAPPER.createObjectNode();
        out.put("certificate", signed.chainPem());
        out.put("caCrt", signed.caPem());
        out.set("info", infoJson(signed.info()));
        ex.sendJson(200, out);
    }

    /**
     * Records the signature before the certificate is handed out: a certificate nobody can find in
     * the history is never served (a failing audit write fails the request).
     */
    private void audit(Exchange ex, CertificateInfo info) {
        String name = info.subjectAltNames().get(0);
        String message = "signed certificate " + info.serial() + " for " + info.subjectAltNames() + ", valid until "
                + info.notAfter();
        String json = Jsons.write(infoJson(info));
        store.write(ex.caller.actor(), tx -> tx.audit(new AuditEntry(AuditVerb.SIGN, AUDIT_KIND, "",
                name.length() > 255 ? name.substring(0, 255) : name, null, null, json, null, message)));
    }

    static Duration validity(String text) {
        Duration validity;
        try {
            validity = Formats.parseDuration(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("validityDuration is not a duration", List.of(ApiException.Detail.of(
                    "validityDuration", "must be a duration such as \"24h\" or \"90m\"")));
        }
        if (validity.compareTo(MIN_VALIDITY) < 0 || validity.compareTo(MAX_VALIDITY) > 0) {
            throw ApiException.invalid("validityDuration is out of range", List.of(ApiException.Detail.of(
                    "validityDuration", "must be between 1m and 8760h")));
        }
        return validity;
    }

    static ObjectNode infoJson(CertificateInfo info) {
        ObjectNode out = Jsons.MAPPER.createObjectNode();
        out.put("subject", info.subject());
        out.put("issuer", info.issuer());
        info.subjectAltNames().forEach(out.putArray("subjectAltNames")::add);
        out.put("notBefore", info.notBefore().toString());
        out.put("notAfter", info.notAfter().toString());
        out.put("serial", info.serial());
        out.put("isCA", info.certificateAuthority());
        return out;
    }

    /** True for {@code ?output=pem} or an Accept of PEM or plain text. */
    static boolean wantsPem(Exchange ex) {
        return ex.query("output").map(o -> o.equalsIgnoreCase("pem")).orElse(false)
                || ex.header(HeaderNames.ACCEPT).map(a -> a.startsWith(PEM) || a.startsWith("text/plain")).orElse(false);
    }
}

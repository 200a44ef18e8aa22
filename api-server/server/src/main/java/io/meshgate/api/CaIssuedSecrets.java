package io.meshgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.ca.CertificateAuthority;
import io.meshgate.ca.CertificateInfo;
import io.meshgate.ca.IssuedCertificate;
import io.meshgate.db.StoredObject;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code kubernetes.io/tls} Secrets the control plane fills with certificates of the mesh CA
 * (the ingress gateway's, AccessCerts'): {@code ca.crt}, {@code tls.crt} and {@code tls.key}, labelled
 * {@value #ISSUED_BY_LABEL}={@value #ISSUED_BY} and {@value #PURPOSE_LABEL}=what they are for. How such
 * a Secret is written, and when it must be issued again: missing, no longer what was issued (edited,
 * another CA, another key), other names or validity, or less than a third of its lifetime left.
 */
final class CaIssuedSecrets {
    static final String ISSUED_BY_LABEL = "meshgate.io/issued-by";
    static final String ISSUED_BY = "meshgate-ca";
    /** What a Secret was issued for, so each issuer deletes only its own Secrets. */
    static final String PURPOSE_LABEL = "meshgate.io/certificate";

    private static final Set<String> DATA_KEYS = Set.of("ca.crt", "tls.crt", "tls.key");

    private CaIssuedSecrets() {}

    /**
     * The Secret holding {@code issued}, with the issuer's labels and informational annotations
     * ({@code meshgate.io/not-after}, {@code meshgate.io/subject-alt-names}) plus {@code annotations}.
     */
    static ObjectNode secret(String namespace, String name, String purpose, Map<String, String> annotations,
                             List<String> subjectAltNames, IssuedCertificate issued) {
        ObjectNode secret = Jsons.MAPPER.createObjectNode();
        secret.put("apiVersion", "v1");
        secret.put("kind", "Secret");
        ObjectNode metadata = secret.putObject("metadata");
        metadata.put("name", name);
        metadata.put("namespace", namespace);
        ObjectNode labels = metadata.putObject("labels");
        labels.put(ISSUED_BY_LABEL, ISSUED_BY);
        labels.put(PURPOSE_LABEL, purpose);
        ObjectNode notes = metadata.putObject("annotations");
        annotations.forEach(notes::put);
        notes.put("meshgate.io/not-after", issued.notAfter().toString());
        notes.put("meshgate.io/subject-alt-names", String.join(",", subjectAltNames));
        secret.put("type", "kubernetes.io/tls");
        ObjectNode data = secret.putObject("data");
        data.put("ca.crt", base64(issued.caPem()));
        data.put("tls.crt", base64(issued.certPem()));
        data.put("tls.key", base64(issued.keyPem()));
        return secret;
    }

    /** True when {@code secret} carries the labels of {@code purpose}'s issuer. */
    static boolean issuedFor(StoredObject secret, String purpose) {
        return ISSUED_BY.equals(secret.labels().get(ISSUED_BY_LABEL)) && purpose.equals(secret.labels().get(PURPOSE_LABEL));
    }

    /**
     * Why the Secret must be (re-)issued, or empty when it is a valid, current certificate of the CA
     * for these names and this validity.
     */
    static Optional<String> reissueReason(StoredObject secret, String purpose, List<String> subjectAltNames,
                                          Duration validity, CertificateAuthority ca, Instant now) {
        if (secret == null) {
            return Optional.of("Secret missing");
        }
        JsonNode body = Jsons.readStored(secret.bodyJson());
        if (!issuedFor(secret, purpose) || !"kubernetes.io/tls".equals(body.path("type").asText())) {
            return Optional.of("Secret not issued by meshgate-ca");
        }
        Map<String, String> data = decode(body.path("data"));
        if (data == null || !data.keySet().equals(DATA_KEYS) || body.has("stringData")) {
            return Optional.of("Secret data modified");
        }
        if (!ca.caPem().equals(data.get("ca.crt"))) {
            return Optional.of("CA certificate changed");
        }
        Optional<CertificateInfo> info = ca.verifyIssued(data.get("tls.crt"), data.get("tls.key"));
        if (info.isEmpty()) {
            return Optional.of("certificate or key modified");
        }
        CertificateInfo cert = info.get();
        if (!cert.subjectAltNames().equals(subjectAltNames)) {
            return Optional.of("subjectAltNames changed");
        }
        Duration lifetime = Duration.between(cert.notBefore(), cert.notAfter());
        Duration expected = validity.truncatedTo(ChronoUnit.SECONDS).plus(CertificateAuthority.BACKDATE);
        boolean cutByCa = cert.notAfter().equals(ca.certificate().getNotAfter().toInstant());
        if (!lifetime.equals(expected) && !cutByCa) {
            return Optional.of("validityDuration changed");
        }
        Instant renewAt = cert.notAfter().minus(lifetime.dividedBy(3));
        if (!now.isBefore(renewAt)) {
            return Optional.of("less than a third of its lifetime left");
        }
        return Optional.empty();
    }

    /** The certificate's end of validity, from the annotation the issuer wrote; empty when unreadable. */
    static Optional<Instant> notAfter(StoredObject secret) {
        String text = Jsons.readStored(secret.bodyJson()).path("metadata").path("annotations")
                .path("meshgate.io/not-after").asText("");
        try {
            return text.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(text));
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** The decoded data entries, null when one is not base64. */
    private static Map<String, String> decode(JsonNode data) {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : data.properties()) {
            try {
                out.put(e.getKey(), new String(Base64.getDecoder().decode(e.getValue().asText()), StandardCharsets.US_ASCII));
            } catch (IllegalArgumentException notBase64) {
                return null;
            }
        }
        return out;
    }
}

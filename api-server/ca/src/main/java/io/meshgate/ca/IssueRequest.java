package io.meshgate.ca;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What to issue: the subject alternative names (DNS names, URIs such as SPIFFE ids, or IP
 * literals), how long the certificate is valid, and what it may authenticate.
 *
 * @param subjectAltNames at least one; the first one also becomes the subject's common name
 * @param validity        positive; the certificate never outlives the CA (it is cut at the CA's end)
 * @param usages          at least one of client and server
 */
public record IssueRequest(List<String> subjectAltNames, Duration validity, Set<CertificateUsage> usages) {
    /** More names than any real workload needs: a bound that keeps certificates small. */
    public static final int MAX_SUBJECT_ALT_NAMES = 100;

    public IssueRequest {
        Objects.requireNonNull(subjectAltNames, "subjectAltNames");
        Objects.requireNonNull(validity, "validity");
        Objects.requireNonNull(usages, "usages");
        subjectAltNames = List.copyOf(subjectAltNames);
        if (subjectAltNames.isEmpty()) {
            throw new IllegalArgumentException("a certificate needs at least one subject alternative name");
        }
        if (subjectAltNames.size() > MAX_SUBJECT_ALT_NAMES) {
            throw new IllegalArgumentException("at most " + MAX_SUBJECT_ALT_NAMES + " subject alternative names");
        }
        subjectAltNames.forEach(SubjectAltNames::toGeneralName); // refuses malformed names early
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity must be positive, not " + validity);
        }
        if (usages.isEmpty()) {
            throw new IllegalArgumentException("a certificate needs at least one usage (client, server)");
        }
        usages = Set.copyOf(EnumSet.copyOf(usages));
    }

    /** A certificate that serves both ends of mutual TLS, as the mesh's proxies need. */
    public static IssueRequest clientAndServer(List<String> subjectAltNames, Duration validity) {
        return new IssueRequest(subjectAltNames, validity, EnumSet.allOf(CertificateUsage.class));
    }
}

package io.meshgate.kernel.tls;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The mesh identity of a verified peer: the DNS names in its certificate's subject alternative names,
 * lower-cased. Mesh certificates carry {@code <serviceaccount>.<namespace>.cluster.local} there (FSM's
 * principal names); URI and IP SANs and the subject are not identities here.
 */
public final class PeerIdentity {
    /** {@code dNSName} in {@link X509Certificate#getSubjectAlternativeNames()}. */
    private static final int DNS_NAME = 2;

    private PeerIdentity() {}

    /** The principals of {@code leaf}; empty when it has no DNS SAN or its SANs do not parse. */
    public static Set<String> principals(X509Certificate leaf) {
        Collection<List<?>> sans;
        try {
            sans = leaf.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return Set.of();
        }
        if (sans == null) {
            return Set.of();
        }
        Set<String> names = new TreeSet<>();
        for (List<?> san : sans) {
            if (san.size() >= 2 && san.get(0) instanceof Integer type && type == DNS_NAME
                    && san.get(1) instanceof String name) {
                names.add(name.toLowerCase(Locale.ROOT));
            }
        }
        return Set.copyOf(names);
    }
}

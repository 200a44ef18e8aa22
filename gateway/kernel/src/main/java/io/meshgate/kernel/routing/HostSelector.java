package io.meshgate.kernel.routing;

import java.util.HashMap;
import java.util.Map;

/**
 * Chooses the entry for a request host: an exact domain beats a wildcard {@code *.suffix}, which
 * beats {@code *}. A wildcard matches exactly one more label, as Kubernetes Ingress does:
 * {@code *.foo.com} matches {@code bar.foo.com} but neither {@code foo.com} nor
 * {@code baz.bar.foo.com}. Because of that rule at most one wildcard can fit a host, so the lookup
 * is two hash probes keyed by the host and by the host minus its first label.
 *
 * @param <T> what a domain leads to
 */
final class HostSelector<T> {
    private final Map<String, T> exact = new HashMap<>();
    /** Keyed by the suffix after {@code "*."}. */
    private final Map<String, T> wildcard = new HashMap<>();
    private final Map<String, String> owners = new HashMap<>();
    private T any;

    /**
     * Registers a (lowercase) domain; a domain claimed twice is a configuration error because the
     * outcome would depend on list order.
     */
    void add(String domain, T value, String owner) {
        String previous = owners.putIfAbsent(domain, owner);
        if (previous != null) {
            throw new IllegalArgumentException("domain " + domain + " is claimed by both virtualHost "
                    + previous + " and virtualHost " + owner);
        }
        if (domain.equals("*")) {
            any = value;
        } else if (domain.startsWith("*.")) {
            wildcard.put(domain.substring(2), value);
        } else {
            exact.put(domain, value);
        }
    }

    /** @param host lowercase, without port or trailing dot; null or empty selects only {@code *} */
    T select(String host) {
        if (host == null || host.isEmpty()) {
            return any;
        }
        T found = exact.get(host);
        if (found != null) {
            return found;
        }
        if (!wildcard.isEmpty()) {
            int dot = host.indexOf('.');
            // dot > 0: the extra label must not be empty (".foo.com" is no host)
            if (dot > 0 && dot < host.length() - 1) {
                found = wildcard.get(host.substring(dot + 1));
                if (found != null) {
                    return found;
                }
            }
        }
        return any;
    }
}

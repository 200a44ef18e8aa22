package io.meshgate.sidecar.runtime;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Who the workload beside this sidecar is, as FSM's injector tells its sidecar (env {@code POD_NAME},
 * {@code POD_NAMESPACE}, {@code POD_IP}, {@code SERVICE_ACCOUNT}) plus the Pod's labels, which
 * Service selectors match. The control plane registers a {@code v1 Pod} from it.
 *
 * @param namespace      a DNS label (no dots: the proxy name {@code sidecar.<namespace>.<name>} relies on it)
 * @param name           the pod name, a DNS subdomain
 * @param serviceAccount the service account, a DNS subdomain: the workload's mesh identity
 *                       {@code <serviceAccount>.<namespace>.cluster.local}
 * @param podIp          the workload's address, an IPv4 or IPv6 literal
 * @param labels         the Pod's labels (sorted)
 */
public record WorkloadIdentity(String namespace, String name, String serviceAccount, String podIp,
                               Map<String, String> labels) {
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    public WorkloadIdentity {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(serviceAccount, "serviceAccount");
        Objects.requireNonNull(podIp, "podIp");
        if (!DNS_LABEL.matcher(namespace).matches()) {
            throw new IllegalArgumentException("namespace '" + namespace
                    + "' is not a DNS label (lowercase letters, digits and '-', at most 63, no dots)");
        }
        subdomain("pod name", name);
        subdomain("service account", serviceAccount);
        if (!IPV4.matcher(podIp).matches() && !isIpv6(podIp)) {
            throw new IllegalArgumentException("pod IP '" + podIp + "' is not an IPv4 or IPv6 address");
        }
        labels = Map.copyOf(new TreeMap<>(Objects.requireNonNull(labels, "labels")));
    }

    /** The name the control plane registers this sidecar's proxy under. */
    public String proxyName() {
        return "sidecar." + namespace + "." + name;
    }

    private static void subdomain(String what, String value) {
        if (value.length() > 253 || !DNS_SUBDOMAIN.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " '" + value
                    + "' is not a DNS subdomain (lowercase letters, digits, '-' and '.', at most 253)");
        }
    }

    private static boolean isIpv6(String value) {
        if (!IPV6.matcher(value).matches()) {
            return false;
        }
        try {
            // a literal with ':' is parsed, never looked up
            java.net.InetAddress.getByName(value);
            return true;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}

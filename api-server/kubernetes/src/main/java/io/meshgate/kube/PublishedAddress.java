package io.meshgate.kube;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerIngress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The address written to {@code Ingress.status.loadBalancer.ingress}, taken from the publish Service
 * (the Service in front of the controller's pods), in this order of preference:
 * <ol>
 *   <li>its {@code status.loadBalancer.ingress} entries (IP and/or hostname), once a load balancer
 *       has been provisioned;</li>
 *   <li>else its {@code spec.externalIPs};</li>
 *   <li>else its {@code spec.clusterIP} (not for headless Services), so that Ingresses on a cluster
 *       without load balancers still show where they are served inside the cluster.</li>
 * </ol>
 * No address at all (Service missing, headless, pending) leaves Ingress status alone.
 * Addresses are sorted, so a reordered load-balancer status causes no write.
 */
public final class PublishedAddress {
    private PublishedAddress() {}

    /** One address: an IP, a hostname, or both (load balancers such as AWS ELB give hostnames). */
    public record Address(String ip, String hostname) {}

    private static final Comparator<Address> ORDER = Comparator
            .comparing((Address a) -> Objects.toString(a.ip(), ""))
            .thenComparing(a -> Objects.toString(a.hostname(), ""));

    /** The addresses to publish for {@code service}; empty when it has none (or is null). */
    public static List<Address> of(Service service) {
        List<Address> out = new ArrayList<>();
        if (service == null) {
            return out;
        }
        if (service.getStatus() != null && service.getStatus().getLoadBalancer() != null
                && service.getStatus().getLoadBalancer().getIngress() != null) {
            for (LoadBalancerIngress lb : service.getStatus().getLoadBalancer().getIngress()) {
                if (notBlank(lb.getIp()) || notBlank(lb.getHostname())) {
                    out.add(new Address(blankToNull(lb.getIp()), blankToNull(lb.getHostname())));
                }
            }
        }
        if (out.isEmpty() && service.getSpec() != null && service.getSpec().getExternalIPs() != null) {
            service.getSpec().getExternalIPs().stream().filter(PublishedAddress::notBlank)
                    .forEach(ip -> out.add(new Address(ip, null)));
        }
        if (out.isEmpty() && service.getSpec() != null && notBlank(service.getSpec().getClusterIP())
                && !"None".equals(service.getSpec().getClusterIP())) {
            out.add(new Address(service.getSpec().getClusterIP(), null));
        }
        return out.stream().distinct().sorted(ORDER).toList();
    }

    /** What an Ingress's status says now, in the same form (ports are not compared: we never write them). */
    public static List<Address> current(IngressStatus status) {
        if (status == null || status.getLoadBalancer() == null || status.getLoadBalancer().getIngress() == null) {
            return List.of();
        }
        return status.getLoadBalancer().getIngress().stream()
                .map(i -> new Address(blankToNull(i.getIp()), blankToNull(i.getHostname())))
                .distinct().sorted(ORDER).toList();
    }

    /** The status entries for {@code addresses}. */
    public static List<IngressLoadBalancerIngress> toStatus(List<Address> addresses) {
        return addresses.stream().map(a -> new IngressLoadBalancerIngress(a.hostname(), a.ip(), null)).toList();
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    private static String blankToNull(String s) {
        return notBlank(s) ? s : null;
    }
}

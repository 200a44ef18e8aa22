package io.meshgate.ingress;

import io.meshgate.resources.Resource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The resources the translator reads. Lists are copied and sorted by namespace then name, so the
 * output never depends on the order the caller found them in.
 *
 * @param trafficSplits SMI TrafficSplits ({@code split.smi-spec.io}): an Ingress backend that is a split's root
 *                      Service is sent to the split's backends by weight ({@link IngressSplits})
 */
public record IngressInputs(List<Resource> ingresses, List<Resource> ingressClasses, List<Resource> services,
                            List<Resource> endpoints, List<Resource> secrets, Resource meshConfig,
                            List<Resource> trafficSplits) {

    private static final Comparator<Resource> BY_KEY = Comparator
            .comparing((Resource r) -> r.namespace() == null ? "" : r.namespace())
            .thenComparing(Resource::name);

    public IngressInputs {
        ingresses = sorted(ingresses);
        ingressClasses = sorted(ingressClasses);
        services = sorted(services);
        endpoints = sorted(endpoints);
        secrets = sorted(secrets);
        trafficSplits = sorted(trafficSplits);
    }

    /**
     * Picks the kinds the translator reads out of any mix of resources. With several MeshConfigs the
     * first by namespace/name wins (Meshgate stores one, {@code fsm-system/fsm-mesh-config}).
     */
    public static IngressInputs from(List<Resource> resources) {
        List<Resource> ing = new ArrayList<>();
        List<Resource> classes = new ArrayList<>();
        List<Resource> svc = new ArrayList<>();
        List<Resource> eps = new ArrayList<>();
        List<Resource> sec = new ArrayList<>();
        List<Resource> mesh = new ArrayList<>();
        List<Resource> splits = new ArrayList<>();
        for (Resource r : resources) {
            switch (r.kind()) {
                case "Ingress" -> ing.add(r);
                case "IngressClass" -> classes.add(r);
                case "Service" -> svc.add(r);
                case "Endpoints" -> eps.add(r);
                case "Secret" -> sec.add(r);
                case "MeshConfig" -> mesh.add(r);
                case "TrafficSplit" -> splits.add(r);
                default -> { }
            }
        }
        return new IngressInputs(ing, classes, svc, eps, sec, sorted(mesh).stream().findFirst().orElse(null), splits);
    }

    /**
     * A namespaced object of one of this input's lists by namespace and name. A binary search: the
     * lists are sorted by that key, and the translator looks up a Service, its Endpoints and Secrets
     * for every backend, so a scan would make a translation quadratic in the number of Ingresses.
     *
     * @param of one of this record's lists (sorted by namespace, then name)
     */
    Optional<Resource> find(List<Resource> of, String namespace, String name) {
        int low = 0;
        int high = of.size() - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            Resource candidate = of.get(mid);
            int order = compareKey(candidate, namespace, name);
            if (order < 0) {
                low = mid + 1;
            } else if (order > 0) {
                high = mid - 1;
            } else {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** {@code r}'s key against (namespace, name), in the order of {@link #BY_KEY}. */
    private static int compareKey(Resource r, String namespace, String name) {
        int byNamespace = (r.namespace() == null ? "" : r.namespace()).compareTo(namespace);
        return byNamespace != 0 ? byNamespace : r.name().compareTo(name);
    }

    private static List<Resource> sorted(List<Resource> list) {
        return list == null ? List.of() : list.stream().sorted(BY_KEY).toList();
    }
}

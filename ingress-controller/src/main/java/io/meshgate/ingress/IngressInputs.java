package io.meshgate.ingress;

import io.meshgate.resources.Resource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The resources the translator reads. Lists are copied and sorted by namespace then name, so the
 * output never depends on the order the caller found them in.
 */
public record IngressInputs(List<Resource> ingresses, List<Resource> ingressClasses, List<Resource> services,
                            List<Resource> endpoints, List<Resource> secrets, Resource meshConfig) {

    private static final Comparator<Resource> BY_KEY = Comparator
            .comparing((Resource r) -> r.namespace() == null ? "" : r.namespace())
            .thenComparing(Resource::name);

    public IngressInputs {
        ingresses = sorted(ingresses);
        ingressClasses = sorted(ingressClasses);
        services = sorted(services);
        endpoints = sorted(endpoints);
        secrets = sorted(secrets);
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
        for (Resource r : resources) {
            switch (r.kind()) {
                case "Ingress" -> ing.add(r);
                case "IngressClass" -> classes.add(r);
                case "Service" -> svc.add(r);
                case "Endpoints" -> eps.add(r);
                case "Secret" -> sec.add(r);
                case "MeshConfig" -> mesh.add(r);
                default -> { }
            }
        }
        return new IngressInputs(ing, classes, svc, eps, sec, sorted(mesh).stream().findFirst().orElse(null));
    }

    /** A namespaced object of this input by kind, namespace and name. */
    Optional<Resource> find(List<Resource> of, String namespace, String name) {
        return of.stream().filter(r -> name.equals(r.name()) && namespace.equals(r.namespace())).findFirst();
    }

    private static List<Resource> sorted(List<Resource> list) {
        return list == null ? List.of() : list.stream().sorted(BY_KEY).toList();
    }
}

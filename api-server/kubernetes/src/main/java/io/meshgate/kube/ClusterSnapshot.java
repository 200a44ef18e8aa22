package io.meshgate.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.meshgate.kube.ControllerOptions.ServiceRef;
import io.meshgate.reconcile.ResourceSnapshot;
import io.meshgate.reconcile.SnapshotObject;
import io.meshgate.resources.Resource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the informers' caches held at one moment, as fabric8 objects. {@link #toSnapshot} turns it
 * into the reconciler's typed snapshot; both steps are pure, so a snapshot can be built by hand in
 * tests.
 *
 * @param meshConfigs the MeshConfigs of the controller's namespace; the one named
 *                    {@value ControllerOptions#MESH_CONFIG_NAME} is used, else the first by name
 * @param ingressBackends FSM's IngressBackends of every namespace (only their status is ours)
 * @param trafficSplits   SMI TrafficSplits of every namespace: an Ingress backend that is a split's root
 *                        Service goes to the split's backends by weight, as in standalone mode
 */
public record ClusterSnapshot(List<Ingress> ingresses, List<IngressClass> ingressClasses, List<Service> services,
                              List<EndpointSlice> endpointSlices, List<Secret> secrets,
                              List<GenericKubernetesResource> meshConfigs,
                              List<GenericKubernetesResource> ingressBackends,
                              List<GenericKubernetesResource> trafficSplits) {

    public ClusterSnapshot {
        ingresses = List.copyOf(ingresses);
        ingressClasses = List.copyOf(ingressClasses);
        services = List.copyOf(services);
        endpointSlices = List.copyOf(endpointSlices);
        secrets = List.copyOf(secrets);
        meshConfigs = List.copyOf(meshConfigs);
        ingressBackends = List.copyOf(ingressBackends);
        trafficSplits = List.copyOf(trafficSplits);
    }

    /** A snapshot without TrafficSplits (e.g. a cluster without the SMI CRD). */
    public ClusterSnapshot(List<Ingress> ingresses, List<IngressClass> ingressClasses, List<Service> services,
                           List<EndpointSlice> endpointSlices, List<Secret> secrets,
                           List<GenericKubernetesResource> meshConfigs,
                           List<GenericKubernetesResource> ingressBackends) {
        this(ingresses, ingressClasses, services, endpointSlices, secrets, meshConfigs, ingressBackends, List.of());
    }

    /** A snapshot without IngressBackends (e.g. a cluster without FSM's policy CRDs). */
    public ClusterSnapshot(List<Ingress> ingresses, List<IngressClass> ingressClasses, List<Service> services,
                           List<EndpointSlice> endpointSlices, List<Secret> secrets,
                           List<GenericKubernetesResource> meshConfigs) {
        this(ingresses, ingressClasses, services, endpointSlices, secrets, meshConfigs, List.of(), List.of());
    }

    /** A Service of this snapshot. */
    public Optional<Service> service(ServiceRef ref) {
        return services.stream().filter(s -> s.getMetadata() != null
                        && ref.namespace().equals(s.getMetadata().getNamespace())
                        && ref.name().equals(s.getMetadata().getName()))
                .findFirst();
    }

    /**
     * The reconciler's snapshot: every Ingress (the translator picks those of our class, as in
     * standalone mode), IngressClasses, Services, one Endpoints per Service built from its
     * EndpointSlices, Secrets, the MeshConfig, the IngressBackends and the TrafficSplits. Objects carry their
     * resourceVersion; the computed Endpoints none.
     *
     * <p>Of several MeshConfigs in the controller's namespace only the one named
     * {@value ControllerOptions#MESH_CONFIG_NAME} (else the first by name) is put in: that choice is the
     * deployment's, not the translator's.
     *
     * @param revision  the snapshot's version (the source counts informer events)
     * @param converter fabric8 objects to resources; objects it cannot read are left out (and logged)
     */
    public ResourceSnapshot toSnapshot(long revision, KubeResources converter) {
        Map<String, List<SnapshotObject>> byKind = new LinkedHashMap<>();
        byKind.put("Ingress", typed(ingresses, converter));
        byKind.put("IngressClass", typed(ingressClasses, converter));
        byKind.put("Service", typed(services, converter));
        byKind.put("Endpoints", EndpointSlices.toEndpoints(endpointSlices).stream()
                .map(endpoints -> new SnapshotObject(endpoints, null)).toList());
        byKind.put("Secret", typed(secrets, converter));
        byKind.put("MeshConfig", typed(meshConfigs, converter).stream()
                .min(Comparator.comparing((SnapshotObject o) -> !ControllerOptions.MESH_CONFIG_NAME.equals(o.key().name()))
                        .thenComparing(o -> o.key().name()))
                .map(List::of).orElse(List.of()));
        byKind.put("IngressBackend", typed(ingressBackends, converter));
        byKind.put("TrafficSplit", typed(trafficSplits, converter));
        return new ResourceSnapshot(revision, byKind);
    }

    private static List<SnapshotObject> typed(List<? extends HasMetadata> objects, KubeResources converter) {
        List<SnapshotObject> out = new ArrayList<>(objects.size());
        for (HasMetadata object : objects) {
            Optional<Resource> resource = converter.convert(object);
            // the API server names every object it stores; a nameless one could not be keyed
            resource.filter(r -> r.name() != null).ifPresent(r -> out.add(new SnapshotObject(r,
                    object.getMetadata() == null ? null : object.getMetadata().getResourceVersion())));
        }
        return out;
    }
}

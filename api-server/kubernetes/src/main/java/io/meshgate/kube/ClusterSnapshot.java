package io.meshgate.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.meshgate.ingress.IngressBackendStatus;
import io.meshgate.ingress.IngressInputs;
import io.meshgate.kube.ControllerOptions.ServiceRef;
import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceKey;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the informers' caches held at one moment, as fabric8 objects. {@link #toInputs} turns it into
 * the translator's inputs; both steps are pure, so a snapshot can be built by hand in tests.
 *
 * @param meshConfigs the MeshConfigs of the controller's namespace; the one named
 *                    {@value ControllerOptions#MESH_CONFIG_NAME} is used, else the first by name
 * @param ingressBackends FSM's IngressBackends of every namespace (only their status is ours)
 */
public record ClusterSnapshot(List<Ingress> ingresses, List<IngressClass> ingressClasses, List<Service> services,
                              List<EndpointSlice> endpointSlices, List<Secret> secrets,
                              List<GenericKubernetesResource> meshConfigs,
                              List<GenericKubernetesResource> ingressBackends) {

    public ClusterSnapshot {
        ingresses = List.copyOf(ingresses);
        ingressClasses = List.copyOf(ingressClasses);
        services = List.copyOf(services);
        endpointSlices = List.copyOf(endpointSlices);
        secrets = List.copyOf(secrets);
        meshConfigs = List.copyOf(meshConfigs);
        ingressBackends = List.copyOf(ingressBackends);
    }

    /** A snapshot without IngressBackends (e.g. a cluster without FSM's policy CRDs). */
    public ClusterSnapshot(List<Ingress> ingresses, List<IngressClass> ingressClasses, List<Service> services,
                           List<EndpointSlice> endpointSlices, List<Secret> secrets,
                           List<GenericKubernetesResource> meshConfigs) {
        this(ingresses, ingressClasses, services, endpointSlices, secrets, meshConfigs, List.of());
    }

    /** A Service of this snapshot. */
    public Optional<Service> service(ServiceRef ref) {
        return services.stream().filter(s -> s.getMetadata() != null
                        && ref.namespace().equals(s.getMetadata().getNamespace())
                        && ref.name().equals(s.getMetadata().getName()))
                .findFirst();
    }

    /**
     * The status of every IngressBackend, judged against the Services and Endpoints of {@code inputs}
     * (this snapshot's {@link #toInputs}). An IngressBackend the resource model refuses is left out
     * (and logged by {@code converter}).
     */
    public Map<ResourceKey, IngressBackendStatus> ingressBackendStatuses(IngressInputs inputs, KubeResources converter) {
        return IngressBackendStatus.evaluate(converter.convertAll(ingressBackends), inputs.services(), inputs.endpoints());
    }

    /**
     * The translator's inputs: the Ingresses of {@code ingressClass} (see {@link IngressClassFilter}),
     * Services, one Endpoints per Service built from its EndpointSlices, Secrets and the MeshConfig.
     */
    public IngressInputs toInputs(String ingressClass, KubeResources converter) {
        List<Resource> classes = converter.convertAll(ingressClasses);
        List<Resource> ours = new IngressClassFilter(ingressClass, classes).select(converter.convertAll(ingresses));
        Resource meshConfig = converter.convertAll(meshConfigs).stream()
                .min(Comparator.comparing((Resource r) -> !ControllerOptions.MESH_CONFIG_NAME.equals(r.name()))
                        .thenComparing(Resource::name))
                .orElse(null);
        // the class decision is made above: the translator gets no IngressClass to second-guess it
        return new IngressInputs(ours, List.of(), converter.convertAll(services),
                EndpointSlices.toEndpoints(endpointSlices), converter.convertAll(secrets), meshConfig);
    }
}

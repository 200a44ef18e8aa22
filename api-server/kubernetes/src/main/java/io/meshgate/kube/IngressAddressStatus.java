package io.meshgate.kube;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshgate.kube.ControllerOptions.ServiceRef;
import io.meshgate.resources.ResourceKey;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code status.loadBalancer} of our Ingresses (see {@link PublishedAddress}), written through
 * the {@code /status} subresource by the leader's {@link StatusWriter}. Status is never cleared:
 * when the publish Service has no address, or an Ingress leaves our class, what is there stays.
 */
final class IngressAddressStatus implements StatusWriter.Source {
    private static final System.Logger LOG = System.getLogger(IngressAddressStatus.class.getName());

    private final KubernetesClient client;
    private final ClusterInformers informers;
    private final ServiceRef publishService;
    private volatile Set<ResourceKey> ours = Set.of();
    private volatile boolean warnedNoAddress;

    IngressAddressStatus(KubernetesClient client, ClusterInformers informers, ServiceRef publishService) {
        this.client = Objects.requireNonNull(client, "client");
        this.informers = Objects.requireNonNull(informers, "informers");
        this.publishService = Objects.requireNonNull(publishService, "publishService");
    }

    /** The Ingresses of our class, after a translation. */
    void ingressesChanged(Set<ResourceKey> keys) {
        ours = Set.copyOf(keys);
    }

    @Override
    public List<StatusWriter.Pending> pending() {
        List<PublishedAddress.Address> desired = PublishedAddress.of(
                informers.service(publishService.namespace(), publishService.name()).orElse(null));
        if (desired.isEmpty()) {
            if (!warnedNoAddress) {
                LOG.log(Level.WARNING, "publish Service " + publishService
                        + " has no address yet (missing, headless or pending): Ingress status left as it is");
                warnedNoAddress = true;
            }
            return List.of();
        }
        warnedNoAddress = false;
        List<StatusWriter.Pending> out = new ArrayList<>();
        for (ResourceKey key : ours) {
            Ingress ingress = informers.ingress(key.namespace(), key.name()).orElse(null);
            if (ingress != null && !desired.equals(PublishedAddress.current(ingress.getStatus()))) {
                out.add(new StatusWriter.Pending("Ingress " + key.namespace() + "/" + key.name(),
                        "status.loadBalancer set to " + desired, () -> write(ingress, desired)));
            }
        }
        return out;
    }

    private void write(Ingress ingress, List<PublishedAddress.Address> desired) {
        Ingress updated = new IngressBuilder(ingress)
                .editOrNewStatus().withNewLoadBalancer().withIngress(PublishedAddress.toStatus(desired))
                .endLoadBalancer().endStatus().build();
        client.network().v1().ingresses().inNamespace(ingress.getMetadata().getNamespace())
                .resource(updated).updateStatus();
    }
}

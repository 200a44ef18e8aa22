package io.meshgate.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshgate.kube.ControllerOptions.ServiceRef;
import io.meshgate.reconcile.ReportedStatus;
import io.meshgate.reconcile.ResourceSnapshot;
import io.meshgate.reconcile.StatusSink;
import io.meshgate.resources.Condition;
import io.meshgate.resources.ResourceKey;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes mode's {@link StatusSink}: what a reconcile pass said goes to the cluster, written
 * only by the leader, on writer threads of their own, so a slow API server never delays a pass:
 * <ul>
 *   <li>Ingresses of our class get {@code status.loadBalancer} from the publish Service
 *       ({@link IngressAddressStatus}) through their {@code /status} subresource;</li>
 *   <li>IngressBackends get their status document ({@link IngressBackendStatusSource});</li>
 *   <li>Ingress condition changes become Events ({@link IngressConditionEvents}), on a thread and
 *       counter apart from status;</li>
 * </ul>
 * and every pod logs Ingress condition changes ({@link IngressConditionLog}).
 */
final class KubernetesStatusSink implements StatusSink, AutoCloseable {
    private final IngressAddressStatus ingressAddresses;
    private final IngressBackendStatusSource ingressBackends;
    private final IngressConditionEvents conditionEvents;
    private final IngressConditionLog conditionLog = new IngressConditionLog();
    private final StatusWriter statusWriter;
    /** Events apart from status: their own thread and count, so neither delays nor skews the other. */
    private final StatusWriter eventWriter;
    private volatile Map<ResourceKey, List<Condition>> ingressConditions = Map.of();

    /**
     * @param identity   this pod's leader identity, the Events' reporting instance
     * @param retryDelay how soon a failed write is tried again
     */
    KubernetesStatusSink(KubernetesClient client, ClusterInformers informers, ServiceRef publishService,
                         String identity, Duration retryDelay, Clock clock) {
        this.ingressAddresses = new IngressAddressStatus(client, informers, publishService);
        this.ingressBackends = new IngressBackendStatusSource(client, informers, clock);
        this.conditionEvents = new IngressConditionEvents(client, informers, identity, clock);
        this.statusWriter = new StatusWriter(List.of(ingressAddresses, ingressBackends), retryDelay);
        this.eventWriter = new StatusWriter(List.of(conditionEvents), retryDelay);
    }

    @Override
    public void publish(ResourceSnapshot snapshot, Map<ResourceKey, ReportedStatus> reports) {
        Map<ResourceKey, List<Condition>> ingresses = new LinkedHashMap<>();
        Map<ResourceKey, ReportedStatus> backends = new LinkedHashMap<>();
        reports.forEach((key, report) -> {
            switch (key.kind()) {
                case "Ingress" -> ingresses.put(key, report.conditions());
                case "IngressBackend" -> backends.put(key, report);
                default -> { }
            }
        });
        ingressConditions = Map.copyOf(ingresses);
        conditionLog.log(ingresses);
        ingressAddresses.ingressesChanged(ingresses.keySet());
        conditionEvents.statusesChanged(ingresses);
        ingressBackends.statusesChanged(backends);
        statusWriter.changed();
        eventWriter.changed();
    }

    /** Leadership gained (every object is checked at once) or lost (nothing more is written). */
    void setLeader(boolean leader) {
        statusWriter.setLeader(leader);
        eventWriter.setLeader(leader);
    }

    /** The conditions of the Ingresses of our class, as the last pass said them. */
    Map<ResourceKey, List<Condition>> ingressConditions() {
        return ingressConditions;
    }

    /** Status writes (Ingress and IngressBackend) done by this pod. */
    long statusWrites() {
        return statusWriter.writes();
    }

    /** Ingress condition Events created or bumped by this pod. */
    long eventWrites() {
        return eventWriter.writes();
    }

    @Override
    public void close() {
        statusWriter.close();
        eventWriter.close();
    }
}

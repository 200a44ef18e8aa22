package io.meshgate.kube;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshgate.ingress.IngressInputs;
import io.meshgate.ingress.IngressSettings;
import io.meshgate.ingress.IngressTranslation;
import io.meshgate.kube.TranslateLoop.ConfigSink;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One ingress controller pod: informers feed a {@link TranslateLoop} that configures the kernel
 * (through {@code sink}), a {@link LeaderElection} decides whether this pod's {@link StatusWriter}
 * writes Ingress addresses and IngressBackend status and records Ingress condition changes as Events. Close it to stop all of it (the kernel is the
 * caller's).
 */
public final class IngressController implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(IngressController.class.getName());

    private final ControllerOptions options;
    private final ClusterInformers informers;
    private final TranslateLoop loop;
    private final IngressAddressStatus ingressStatus;
    private final IngressBackendStatusSource ingressBackendStatus;
    private final IngressConditionEvents conditionEvents;
    private final StatusWriter statusWriter;
    /** Events apart from status: their own thread and count, so neither delays nor skews the other. */
    private final StatusWriter eventWriter;
    private final LeaderElection election;
    /** The settings of the rebuild in progress (loop thread only): they follow the publish Service. */
    private IngressSettings settings;

    private IngressController(KubernetesClient client, ControllerOptions options, ConfigSink sink, String identity) {
        this.options = options;
        KubeResources converter = new KubeResources();
        this.settings = options.ingressSettings();
        // the loop reads this.informers and the status sources only on its own thread, once started
        // (in start(), after the constructor and after the informers' first list)
        this.loop = new TranslateLoop(() -> readInputs(converter), () -> settings, sink,
                this::translated, options.debounce());
        this.informers = ClusterInformers.create(client, options.namespace(), loop::markDirty);
        this.ingressStatus = new IngressAddressStatus(client, informers, options.publishService());
        this.ingressBackendStatus = new IngressBackendStatusSource(client, informers, Clock.systemUTC());
        this.conditionEvents = new IngressConditionEvents(client, informers, identity, Clock.systemUTC());
        this.statusWriter = new StatusWriter(List.of(ingressStatus, ingressBackendStatus),
                options.leaderTiming().retryPeriod());
        this.eventWriter = new StatusWriter(List.of(conditionEvents), options.leaderTiming().retryPeriod());
        this.election = new LeaderElection(client, options.namespace(), options.leaseName(), identity,
                options.leaderTiming(), this::setLeader);
    }

    /**
     * Starts the informers, waits up to {@code syncTimeout} for their first list, then builds the
     * first config and starts standing for leader.
     *
     * @param sink     where configs go (the kernel's {@code apply})
     * @param identity this pod's leader-election identity ({@link LeaderElection#defaultIdentity()})
     * @throws IllegalStateException when the caches do not sync in time (the controller is closed)
     */
    public static IngressController start(KubernetesClient client, ControllerOptions options, ConfigSink sink,
                                          String identity, Duration syncTimeout) {
        Objects.requireNonNull(client, "client");
        IngressController controller = new IngressController(client, options, sink, identity);
        try {
            controller.informers.start().synced().get(syncTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            controller.close();
            throw new IllegalStateException("the informers did not sync with the API server within " + syncTimeout, e);
        } catch (InterruptedException e) {
            controller.close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the informers", e);
        }
        LOG.log(Level.INFO, "informers synced; serving Ingresses of class " + options.ingressClass());
        controller.loop.start();
        controller.election.start();
        return controller;
    }

    /**
     * Reads the caches once for a rebuild: the translator's inputs, the settings (the redirect's
     * HTTPS port follows the publish Service, whose changes trigger rebuilds like any Service's) and
     * the IngressBackends' status.
     */
    private IngressInputs readInputs(KubeResources converter) {
        try {
            ClusterSnapshot snapshot = informers.snapshot();
            IngressInputs inputs = snapshot.toInputs(options.ingressClass(), converter);
            Service publish = snapshot.service(options.publishService()).orElse(null);
            settings = options.ingressSettings().withPublicHttpsPort(PublicHttpsPort.of(publish, options.httpsPort()));
            ingressBackendStatus.statusesChanged(snapshot.ingressBackendStatuses(inputs, converter));
            return inputs;
        } finally {
            converter.sweep();
        }
    }

    private void translated(IngressTranslation translation) {
        ingressStatus.ingressesChanged(translation.statuses().keySet());
        conditionEvents.statusesChanged(translation.statuses());
        statusWriter.changed();
        eventWriter.changed();
    }

    private void setLeader(boolean leader) {
        statusWriter.setLeader(leader);
        eventWriter.setLeader(leader);
    }

    public TranslateLoop loop() {
        return loop;
    }

    /** True while every informer has a watch open on the API server (false while it is unreachable). */
    public boolean watching() {
        return informers.watching();
    }

    public boolean isLeader() {
        return election.isLeader();
    }

    public String identity() {
        return election.identity();
    }

    /** Status writes (Ingress and IngressBackend) done by this pod. */
    public long statusWrites() {
        return statusWriter.writes();
    }

    /** Ingress condition Events created or bumped by this pod (only while it leads). */
    public long eventWrites() {
        return eventWriter.writes();
    }

    public ControllerOptions options() {
        return options;
    }

    /** Stops election (releasing the Lease if held), status writes, the loop and the informers. */
    @Override
    public void close() {
        election.close();
        statusWriter.close();
        eventWriter.close();
        loop.close();
        informers.close();
    }
}

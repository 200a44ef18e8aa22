package io.meshgate.kube;

import io.meshgate.ingress.IngressSettings;
import io.meshgate.kube.ControllerOptions.ServiceRef;
import io.meshgate.reconcile.ResourceSnapshot;
import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceKey;
import java.util.function.Function;

/**
 * The ingress translator's settings for one snapshot: the flags' listeners and class, with the
 * redirect's HTTPS port taken from the publish Service in that snapshot ({@link PublicHttpsPort}).
 * A pure function of the snapshot, so a change of the publish Service re-translates like any other
 * event and an unchanged cluster translates the same.
 */
final class ClusterIngressSettings implements Function<ResourceSnapshot, IngressSettings> {
    private final IngressSettings flags;
    private final ResourceKey publishService;
    private final int listenerHttpsPort;

    ClusterIngressSettings(ControllerOptions options) {
        this.flags = options.ingressSettings();
        ServiceRef ref = options.publishService();
        this.publishService = new ResourceKey("Service", ref.namespace(), ref.name());
        this.listenerHttpsPort = options.httpsPort();
    }

    @Override
    public IngressSettings apply(ResourceSnapshot snapshot) {
        Resource publish = snapshot.get(publishService).orElse(null);
        return flags.withPublicHttpsPort(PublicHttpsPort.of(publish, listenerHttpsPort));
    }
}

package io.meshgate.kube;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.meshgate.resources.KindInfo;
import io.meshgate.resources.KindRegistry;
import java.util.List;
import java.util.Set;

/**
 * One kind of the resource model as the cluster serves it: where its objects live (group, version,
 * plural from {@link KindRegistry}) and whether it is a custom resource, whose CRD may be missing.
 *
 * @param info   the kind as the resource model knows it
 * @param context fabric8's address of the kind (the core group is the empty group)
 * @param custom true for kinds served by a CRD (FSM's, SMI's), false for the API server's own kinds
 */
public record WatchedKind(KindInfo info, ResourceDefinitionContext context, boolean custom) {
    /** Groups the API server serves itself: never missing. */
    private static final Set<String> BUILT_IN_GROUPS = Set.of("", "networking.k8s.io");
    /**
     * Kinds not watched as such: on a cluster Endpoints come from EndpointSlices (as kube-proxy reads
     * them), which {@link EndpointSlices} folds into one Endpoints per Service.
     */
    private static final Set<String> NOT_WATCHED = Set.of("Endpoints");

    /** Every kind of {@link KindRegistry#standard()} the control plane watches, in registry order. */
    public static List<WatchedKind> all() {
        return KindRegistry.standard().kinds().stream()
                .filter(info -> !NOT_WATCHED.contains(info.kind()))
                .map(WatchedKind::of)
                .toList();
    }

    /** The kind {@code info} at its preferred group/version. */
    public static WatchedKind of(KindInfo info) {
        String apiVersion = info.preferredApiVersion();
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = apiVersion.substring(slash + 1);
        ResourceDefinitionContext context = new ResourceDefinitionContext.Builder().withGroup(group)
                .withVersion(version).withPlural(info.plural()).withKind(info.kind())
                .withNamespaced(info.namespaced()).build();
        return new WatchedKind(info, context, !BUILT_IN_GROUPS.contains(group));
    }

    /** The kind's name, {@code TrafficSplit}. */
    public String kind() {
        return info.kind();
    }
}

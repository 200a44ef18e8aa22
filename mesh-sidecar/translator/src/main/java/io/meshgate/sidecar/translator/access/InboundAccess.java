package io.meshgate.sidecar.translator.access;

import io.meshgate.config.Access;
import io.meshgate.config.AccessGrant;
import io.meshgate.resources.Condition;
import io.meshgate.resources.ResourceKey;
import io.meshgate.sidecar.translator.InboundPort;
import io.meshgate.sidecar.translator.MeshModel;
import io.meshgate.sidecar.translator.SidecarContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The table of access features, and the access of one inbound port. */
public final class InboundAccess {
    /** Every policy kind that grants access, in the order their grants appear. */
    public static final List<AccessFeature> GRANTS = List.of(
            new PermissiveAccess(),
            new TrafficTargetGrants(),
            new IngressBackendGrants(),
            new AccessControlGrants());

    private InboundAccess() {}

    /**
     * Who may use {@code port}: the grants of every feature (in permissive mode any mesh peer, plus
     * the outside callers that policies name), {@link Access#NOBODY} when there are none. Never null:
     * a sidecar always keeps strangers out.
     */
    public static Access of(SidecarContext context, InboundPort port) {
        List<AccessGrant> grants = new ArrayList<>();
        for (AccessFeature feature : GRANTS) {
            grants.addAll(feature.grants(context, port));
        }
        return grants.isEmpty() ? Access.NOBODY : new Access(grants);
    }

    /** The conditions of every policy the features read. */
    public static Map<ResourceKey, List<Condition>> report(MeshModel mesh) {
        Map<ResourceKey, List<Condition>> statuses = new LinkedHashMap<>();
        for (AccessFeature feature : GRANTS) {
            feature.report(mesh, statuses);
        }
        return statuses;
    }
}

package io.meshgate.sidecar.translator;

import io.meshgate.config.Cluster;
import io.meshgate.config.DestinationRule;
import io.meshgate.config.Listener;
import io.meshgate.config.MeshListener;
import io.meshgate.sidecar.translator.egress.EgressGatewayRoute;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The outbound listener ({@value #NAME}, FSM's 15001): the rules of {@link SidecarFeatures#OUTBOUND}
 * in order, the mesh's Services ({@link MeshServiceRules}) before the Egress policies
 * ({@link io.meshgate.sidecar.translator.egress.EgressPolicyRules}). A connection no rule matches is
 * relayed to its original destination when MeshConfig {@code traffic.enableEgress} is on, else
 * closed after its first bytes (the listener has accepted it already: curl reports exit 52 for HTTP,
 * 35 for TLS, where FSM's "connection refused" gives 7). Under an EgressGateway policy the relayed
 * connections go through the egress gateway ({@link EgressGatewayRoute#passthroughCluster}).
 */
public final class OutboundServices implements SidecarFeature {
    public static final String NAME = "outbound";
    public static final int PORT = 15001;

    @Override
    public Listener listener(SidecarContext context, Map<String, Cluster> clusters) {
        List<DestinationRule> rules = new ArrayList<>();
        for (OutboundRules source : SidecarFeatures.OUTBOUND) {
            rules.addAll(source.rules(context, clusters));
        }
        MeshListener.UnmatchedDestination unmatched = context.settings().egress()
                ? MeshListener.UnmatchedDestination.PASSTHROUGH : MeshListener.UnmatchedDestination.REFUSE;
        return new MeshListener(NAME, "0.0.0.0", PORT, MeshListener.Direction.OUTBOUND, rules, unmatched, null, null,
                EgressGatewayRoute.passthroughCluster(context, clusters));
    }
}

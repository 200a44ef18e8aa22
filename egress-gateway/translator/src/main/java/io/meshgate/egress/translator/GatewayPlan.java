package io.meshgate.egress.translator;

import io.meshgate.config.TunnelMode;
import io.meshgate.resources.Condition;
import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceKey;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the EgressGateway policy in force says of the gateway: which policy it is, which Service stands
 * for the gateway, and the mode and port the gateway serves (what sidecars must speak and connect to).
 *
 * @param policy           the EgressGateway in force
 * @param serviceNamespace the gateway Service's namespace
 * @param serviceName      the gateway Service's name
 * @param mode             CONNECT ({@code http2tunnel}) or SOCKS5 ({@code sock5})
 * @param port             the port the gateway listens on
 * @param conditions       what to show on every EgressGateway policy (the one in force and those it outranks)
 */
public record GatewayPlan(Resource policy, String serviceNamespace, String serviceName, TunnelMode mode, int port,
                          Map<ResourceKey, List<Condition>> conditions) {
    public GatewayPlan {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(serviceNamespace, "serviceNamespace");
        Objects.requireNonNull(serviceName, "serviceName");
        Objects.requireNonNull(mode, "mode");
        conditions = Map.copyOf(conditions);
    }
}

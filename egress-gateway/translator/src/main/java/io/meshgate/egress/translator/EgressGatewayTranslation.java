package io.meshgate.egress.translator;

import io.meshgate.config.ProxyConfig;
import io.meshgate.resources.Condition;
import io.meshgate.resources.ResourceKey;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The translator's result: the gateway's config and the conditions of the policies it read (Egress
 * and EgressGateway). The conditions depend on the resources only, so every egress gateway's
 * translation reports the same ones.
 */
public record EgressGatewayTranslation(ProxyConfig config, Map<ResourceKey, List<Condition>> statuses) {
    public EgressGatewayTranslation {
        Objects.requireNonNull(config, "config");
        statuses = Map.copyOf(statuses);
    }
}

package io.meshgate.ingress;

import io.meshgate.config.ProxyConfig;
import io.meshgate.resources.Condition;
import io.meshgate.resources.ResourceKey;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The translator's result: the ingress gateway's config and, per Ingress of our class, its conditions.
 */
public record IngressTranslation(ProxyConfig config, Map<ResourceKey, List<Condition>> statuses) {
    public IngressTranslation {
        Objects.requireNonNull(config, "config");
        statuses = Map.copyOf(statuses);
    }
}

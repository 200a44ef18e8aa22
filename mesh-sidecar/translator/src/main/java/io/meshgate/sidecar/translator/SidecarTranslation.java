package io.meshgate.sidecar.translator;

import io.meshgate.config.ProxyConfig;
import io.meshgate.resources.Condition;
import io.meshgate.resources.ResourceKey;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The translator's result: the sidecar's config and the conditions of the policies it read. The
 * conditions depend on the mesh's resources only, never on the workload, so every sidecar's
 * translation reports the same ones and none overwrites another's.
 */
public record SidecarTranslation(ProxyConfig config, Map<ResourceKey, List<Condition>> statuses) {
    public SidecarTranslation {
        Objects.requireNonNull(config, "config");
        statuses = Map.copyOf(statuses);
    }
}

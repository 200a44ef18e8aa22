package io.meshgate.api.reconcile;

import io.meshgate.config.ProxyConfig;
import io.meshgate.resources.ResourceKey;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a translator made of a snapshot for one proxy: the config and, per resource it looked at,
 * the conditions to show (a bad resource disables only itself; the reason lands here).
 */
public record Translation(ProxyConfig config, Map<ResourceKey, List<Condition>> statuses) {

    public Translation {
        Objects.requireNonNull(config, "config");
        statuses = statuses == null ? Map.of() : Map.copyOf(statuses);
    }

    /** A config without any per-resource status. */
    public static Translation of(ProxyConfig config) {
        return new Translation(config, Map.of());
    }
}

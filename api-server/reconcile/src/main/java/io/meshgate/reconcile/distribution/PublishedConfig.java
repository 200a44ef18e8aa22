package io.meshgate.reconcile.distribution;

import io.meshgate.config.ProxyConfig;

import java.util.Objects;

/**
 * A config the reconciler published for one proxy.
 *
 * @param version what the proxy sees as ETag and {@code ProxyConfig.version}: see {@link ConfigVersion}
 * @param config  the config, its {@code version} field equal to {@code version}
 * @param json    {@code config} as unredacted JSON: the exact body the proxy fetches
 */
public record PublishedConfig(String version, ProxyConfig config, String json) {

    public PublishedConfig {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(json, "json");
        if (!config.version().equals(version)) {
            throw new IllegalArgumentException("config version " + config.version() + " differs from " + version);
        }
    }

    /** The content hash part of the version (a new revision with the same content has the same hash). */
    public String contentHash() {
        return ConfigVersion.contentOf(version);
    }
}

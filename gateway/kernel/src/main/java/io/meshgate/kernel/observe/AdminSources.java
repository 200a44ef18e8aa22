package io.meshgate.kernel.observe;

import io.meshgate.config.ProxyConfig;
import java.util.Map;

/**
 * What the admin listener shows, supplied by the running kernel. Called on the admin server's own
 * event loop for each request: implementations read current state and must not block.
 */
public interface AdminSources {

    /** The config snapshot being served, or null before the first one was applied. */
    ProxyConfig currentConfig();

    /** True when the proxy serves traffic (listeners bound, config applied, not draining). */
    boolean ready();

    KernelMetrics metrics();

    /**
     * Facts about the process shown at the top of {@code /stats} as {@code server.<key>: <value>}
     * lines, e.g. {@code version}, {@code transport}, {@code tls_provider}.
     */
    Map<String, String> info();
}

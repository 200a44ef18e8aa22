package io.meshgate.kernel.observe;

import io.meshgate.config.ProxyConfig;
import io.meshgate.kernel.transport.Transports;
import io.netty.handler.ssl.OpenSsl;
import java.util.Map;
import java.util.Objects;

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
     * lines, e.g. {@link #processInfo}.
     */
    Map<String, String> info();

    /** The port listener {@code name} is bound to, or -1 when not known (then the config's is shown). */
    default int boundPort(String name) {
        return -1;
    }

    /**
     * What {@code POST /quitquitquit} (loopback peers only) does: stop the process in order, e.g. by
     * {@code System.exit(0)} from another thread so shutdown hooks drain and deregister. Null when
     * the process offers no such thing (an embedded kernel); the endpoint then answers 501. It runs
     * on the admin event loop after the answer is written: it must not block.
     */
    default Runnable quit() {
        return null;
    }

    /**
     * The facts every kernel can report about itself, for {@link #info()}: {@code version} (as given),
     * {@code transport} ({@code epoll} or {@code nio}), {@code openssl} (the BoringSSL/OpenSSL version
     * Netty loaded, or {@code unavailable}: TLS then runs on the JDK provider) and {@code java}.
     */
    static Map<String, String> processInfo(String version) {
        return Map.of(
                "version", version == null ? "unknown" : version,
                "transport", Transports.name(),
                "openssl", OpenSsl.isAvailable() ? Objects.toString(OpenSsl.versionString(), "available") : "unavailable",
                "java", Runtime.version().toString());
    }
}

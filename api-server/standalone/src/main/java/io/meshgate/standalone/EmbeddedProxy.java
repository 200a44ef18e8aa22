package io.meshgate.standalone;

import io.meshgate.proxy.AgentOptions;
import io.meshgate.proxy.ConfigAgent;
import io.meshgate.proxy.LastGoodConfig;
import io.meshgate.config.ProxyConfig;
import io.meshgate.db.ProxyStore;
import io.meshgate.kernel.Kernel;

import java.net.URI;
import java.nio.file.Path;

/**
 * The standalone stack's kernel as an ordinary registered proxy ({@value #NAME}, kind ingress),
 * following its config through the same HTTP channel and {@link ConfigAgent} a remote proxy uses,
 * so the standalone and the distributed paths are one mechanism. Its token lives in the data
 * directory (owner-only, {@link EmbeddedProxyToken}), since the API shows a token only once.
 */
final class EmbeddedProxy {
    static final String NAME = "ingress-gateway";
    static final String KIND = "ingress";

    private EmbeddedProxy() {}

    /** The directory holding the embedded proxy's last good config. */
    static Path proxyDir(Path dataDir) {
        return dataDir.resolve(NAME);
    }

    /** What the embedded kernel serves before the API has answered: the last good config, or nothing. */
    static ProxyConfig initialConfig(Path dataDir) {
        return new LastGoodConfig(proxyDir(dataDir)).load().orElse(ProxyConfig.empty());
    }

    /**
     * Registers the embedded proxy when needed and starts its agent against the local API
     * ({@code caFile}: what to trust when the API serves HTTPS, null for plain HTTP).
     */
    static ConfigAgent follow(ProxyStore proxies, Path dataDir, URI server, Path caFile, Kernel kernel) {
        String token = EmbeddedProxyToken.obtain(proxies, dataDir, NAME, KIND);
        return new ConfigAgent(AgentOptions.of(server, NAME, token, proxyDir(dataDir)).withCaFile(caFile), kernel)
                .start();
    }

    /** A host to reach an API bound to {@code bind} from this machine. */
    static String localHost(String bind) {
        if (bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("[::]")) {
            return "127.0.0.1";
        }
        return bind.contains(":") && !bind.startsWith("[") ? "[" + bind + "]" : bind;
    }
}

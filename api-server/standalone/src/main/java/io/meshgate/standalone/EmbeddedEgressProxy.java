package io.meshgate.standalone;

import io.meshgate.db.ProxyStore;
import io.meshgate.egress.runtime.EgressGatewayOptions;
import io.meshgate.egress.runtime.EgressGatewayProcess;
import io.meshgate.egress.translator.EgressGatewayIdentity;
import io.meshgate.proxy.ProxyProcess;

import java.net.URI;
import java.nio.file.Path;

/**
 * The standalone stack's egress gateway ({@code --embedded-egress-gateway}): a second kernel in this JVM,
 * the registered proxy {@value #NAME} of kind {@value #KIND}, started by the same code as {@code meshgate
 * egress-gateway} ({@link EgressGatewayProcess}) and following its config over the API like a remote
 * gateway. Its token is kept in the data directory ({@link EmbeddedProxyToken}), its last good config in
 * {@code <data dir>/}{@value #NAME}. Its admin listener is on loopback and has no {@code /quitquitquit}: it
 * must not stop the control plane it shares the process with.
 */
final class EmbeddedEgressProxy {
    static final String NAME = EgressGatewayOptions.DEFAULT_NAME;
    static final String KIND = EgressGatewayIdentity.PROXY_KIND;
    static final String ADMIN_ADDRESS = "127.0.0.1";

    private EmbeddedEgressProxy() {}

    /** The directory holding the embedded egress gateway's last good config. */
    static Path proxyDir(Path dataDir) {
        return dataDir.resolve(NAME);
    }

    /**
     * Registers the gateway when needed and starts it against the local API ({@code caFile}: what to trust
     * when the API serves HTTPS, null for plain HTTP).
     *
     * @throws IllegalArgumentException when its last good config does not compile or its admin port is taken
     */
    static ProxyProcess start(ProxyStore proxies, Path dataDir, URI server, Path caFile, int adminPort) {
        String token = EmbeddedProxyToken.obtain(proxies, dataDir, NAME, KIND);
        return EgressGatewayProcess.start(new EgressGatewayOptions(server, NAME, token, caFile, ADMIN_ADDRESS,
                adminPort, proxyDir(dataDir)), null);
    }
}

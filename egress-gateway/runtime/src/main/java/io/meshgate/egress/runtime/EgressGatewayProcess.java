package io.meshgate.egress.runtime;

import io.meshgate.kernel.KernelOptions;
import io.meshgate.proxy.AgentOptions;
import io.meshgate.proxy.ProxyProcess;

/**
 * Starts an egress gateway: a kernel on the last good config of {@link EgressGatewayOptions#dataDir()}
 * (or none), its admin listener where the options say, and the config agent following the config the
 * control plane publishes for the options' proxy name. Shared by {@code meshgate egress-gateway}
 * ({@link EgressGatewayMain}) and the standalone stack's embedded gateway ({@code meshgate up
 * --embedded-egress-gateway}), so both are one mechanism.
 */
public final class EgressGatewayProcess {
    private EgressGatewayProcess() {}

    /**
     * @param adminQuit what {@code POST /quitquitquit} on the (loopback) admin listener runs; null = the
     *                  admin listener has no quit (an embedded gateway must not stop the process it shares)
     * @return the started process; the caller owns it and closes it
     * @throws IllegalArgumentException when the last good config does not compile or a port cannot be bound
     */
    public static ProxyProcess start(EgressGatewayOptions options, Runnable adminQuit) {
        KernelOptions kernel = KernelOptions.defaults().withAdmin(options.adminAddress(), options.adminPort());
        if (adminQuit != null) {
            kernel = kernel.withAdminQuit(adminQuit);
        }
        ProxyProcess process = ProxyProcess.start(kernel, options.dataDir());
        try {
            return process.follow(AgentOptions.of(options.server(), options.name(), options.token(), options.dataDir())
                    .withCaFile(options.caFile()));
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
    }
}

package io.meshgate.egress.runtime;

import io.meshgate.proxy.BearerTokenSource;
import io.meshgate.proxy.ProxyProcess;
import io.meshgate.proxy.logging.LogSetup;
import java.util.concurrent.CountDownLatch;

/**
 * {@code meshgate egress-gateway}: the kernel starts from its last good config (if any) and follows the
 * config published for its proxy name, as {@code meshgate proxy} does, with the egress gateway's defaults
 * ({@link EgressGatewayOptions}). Exit code 2 for a bad command line.
 */
public final class EgressGatewayMain {
    private EgressGatewayMain() {}

    public static void main(String[] args) throws InterruptedException {
        LogSetup.install();
        if (EgressGatewayOptions.wantsHelp(args)) {
            System.out.println(EgressGatewayOptions.USAGE);
            return;
        }
        EgressGatewayOptions options;
        try {
            options = EgressGatewayOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("meshgate egress-gateway: " + e.getMessage());
            System.err.println(EgressGatewayOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.tokenFile() != null) {
            options = exchangeToken(options);
        }
        ProxyProcess gateway = start(options);
        System.out.println("meshgate egress-gateway: " + options.name() + " serving " + gateway.initial().version()
                + ", following " + options.server());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            stopped.countDown();
        }, "meshgate-egress-gateway-shutdown"));
        stopped.await();
    }

    /**
     * Kubernetes: the service-account token file exchanged for the proxy token. Exit code 1 when the
     * control plane refuses it or cannot be reached within the bounded retries.
     */
    static EgressGatewayOptions exchangeToken(EgressGatewayOptions options) throws InterruptedException {
        try (ProxyTokenExchange exchange = new ProxyTokenExchange(options.server(),
                BearerTokenSource.file(options.tokenFile()), options.caFile(), ProxyTokenExchange.DEFAULT_ATTEMPTS,
                ProxyTokenExchange.DEFAULT_FIRST_PAUSE)) {
            return options.withToken(exchange.exchange(options.name()));
        } catch (ProxyTokenExchange.ExchangeFailedException e) {
            System.err.println("meshgate egress-gateway: " + e.getMessage());
            System.exit(1);
            throw new IllegalStateException("unreachable");
        }
    }

    /** Starts the kernel on the last good config and the agent following the published one. */
    static ProxyProcess start(EgressGatewayOptions options) {
        // POST /quitquitquit on the (loopback) admin listener exits as SIGTERM does: the hook drains
        return EgressGatewayProcess.start(options,
                () -> Thread.ofPlatform().name("meshgate-egress-gateway-quit").start(() -> System.exit(0)));
    }
}

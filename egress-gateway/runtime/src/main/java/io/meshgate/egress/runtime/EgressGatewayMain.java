package io.meshgate.egress.runtime;

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

    /** Starts the kernel on the last good config and the agent following the published one. */
    static ProxyProcess start(EgressGatewayOptions options) {
        // POST /quitquitquit on the (loopback) admin listener exits as SIGTERM does: the hook drains
        return EgressGatewayProcess.start(options,
                () -> Thread.ofPlatform().name("meshgate-egress-gateway-quit").start(() -> System.exit(0)));
    }
}

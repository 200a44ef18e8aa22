package io.meshgate.kube;

import io.meshgate.proxy.logging.LogSetup;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.meshgate.config.ProxyConfig;
import io.meshgate.kernel.Kernel;
import io.meshgate.kernel.KernelOptions;
import io.meshgate.kernel.KernelWarmUp;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * {@code meshgate ingress-controller}: the ingress gateway of a Kubernetes cluster. Runs an embedded
 * kernel and an {@link IngressController} against the cluster's API server until the process is
 * stopped (SIGTERM: the Lease is released, requests in flight drain for up to 10 s).
 */
public final class IngressControllerMain {
    /** How long the first list of every watched kind may take before the process gives up. */
    private static final Duration SYNC_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration DRAIN = Duration.ofSeconds(10);

    private IngressControllerMain() {}

    public static void main(String[] args) throws Exception {
        LogSetup.install();
        ControllerOptions options;
        try {
            if (args.length == 1 && (args[0].equals("-h") || args[0].equals("--help"))) {
                System.out.println(ControllerFlags.USAGE);
                return;
            }
            options = ControllerFlags.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("meshgate ingress-controller: " + e.getMessage());
            System.err.println(ControllerFlags.USAGE);
            System.exit(2);
            return;
        }
        KubernetesClient client;
        try {
            client = client(options);
        } catch (IOException e) {
            System.err.println("meshgate ingress-controller: cannot read the kubeconfig " + options.kubeconfig() + ": " + e);
            System.exit(2);
            return;
        }
        // before the listeners and /ready open: a readiness probe keeps traffic away meanwhile
        KernelWarmUp.run(KernelOptions.defaults().effectiveIoThreads(), options.kernelWarmUp());
        Kernel kernel = Kernel.start(KernelOptions.defaults().withAdmin(options.adminAddress(), options.adminPort()),
                ProxyConfig.empty());
        IngressController controller;
        try {
            controller = IngressController.start(client, options, kernel::apply, LeaderElection.defaultIdentity(),
                    SYNC_TIMEOUT);
        } catch (RuntimeException e) {
            System.err.println("meshgate ingress-controller: " + e.getMessage());
            kernel.shutdown(Duration.ZERO);
            client.close();
            System.exit(1);
            return;
        }
        System.out.printf("meshgate ingress-controller: API server %s, class %s, HTTP :%d, HTTPS :%d, admin :%d, "
                        + "candidate %s for Lease %s/%s%n", client.getMasterUrl(), options.ingressClass(),
                options.httpPort(), options.httpsPort(), kernel.adminPort(), controller.identity(),
                options.namespace(), options.leaseName());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            controller.close();
            kernel.shutdown(DRAIN);
            client.close();
            stopped.countDown();
        }, "meshgate-shutdown"));
        stopped.await();
    }

    private static KubernetesClient client(ControllerOptions options) throws IOException {
        KubernetesClientBuilder builder = new KubernetesClientBuilder();
        if (options.kubeconfig() != null) {
            builder.withConfig(Config.fromKubeconfig(Files.readString(options.kubeconfig())));
        }
        return builder.build();
    }
}

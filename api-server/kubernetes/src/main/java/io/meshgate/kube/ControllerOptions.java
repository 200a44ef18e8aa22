package io.meshgate.kube;

import io.meshgate.ingress.IngressSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The flags of {@code meshgate ingress-controller}.
 *
 * @param kubeconfig     a kubeconfig file, or null for fabric8's automatic configuration (in-cluster
 *                       service account, then {@code KUBECONFIG} / {@code ~/.kube/config})
 * @param namespace      where the controller runs: its MeshConfig and its leader Lease live here
 * @param bindAddress    address of the HTTP and HTTPS listeners
 * @param httpPort       plain HTTP listener port (0: any free port, for tests)
 * @param httpsPort      HTTPS listener port (0: any free port)
 * @param adminAddress   address of the kernel's admin listener ({@code /ready}, {@code /stats})
 * @param adminPort      admin port (-1: none)
 * @param publishService {@code namespace/name} of the Service whose address is written to Ingress status
 * @param leaseName      name of the leader-election Lease in {@code namespace}
 * @param ingressClass   the IngressClass name this controller serves
 * @param leaderTiming   leader-election durations
 * @param debounce       how long the reconciler waits for more events before rebuilding
 * @param kernelWarmUp   at most how long the process warms the JIT up before its kernel binds
 *                       ({@link io.meshgate.kernel.KernelWarmUp}; zero: none)
 */
public record ControllerOptions(Path kubeconfig, String namespace, String bindAddress, int httpPort, int httpsPort,
                                String adminAddress, int adminPort, ServiceRef publishService, String leaseName,
                                String ingressClass, LeaderTiming leaderTiming, Duration debounce,
                                Duration kernelWarmUp) {

    /** Name of the MeshConfig FSM installs in the controller's namespace. */
    public static final String MESH_CONFIG_NAME = "fsm-mesh-config";

    public ControllerOptions {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(kernelWarmUp, "kernelWarmUp");
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(adminAddress, "adminAddress");
        Objects.requireNonNull(publishService, "publishService");
        Objects.requireNonNull(leaseName, "leaseName");
        Objects.requireNonNull(ingressClass, "ingressClass");
        Objects.requireNonNull(leaderTiming, "leaderTiming");
        Objects.requireNonNull(debounce, "debounce");
    }

    /** FSM's defaults: namespace fsm-system, ports 80/443, admin 15000, class pipy. */
    public static ControllerOptions defaults() {
        return new ControllerOptions(null, "fsm-system", "0.0.0.0", 80, 443, "0.0.0.0", 15000,
                new ServiceRef("fsm-system", "fsm-ingress"), "meshgate-ingress-leader", "pipy",
                LeaderTiming.KUBERNETES_DEFAULTS, Duration.ofMillis(100), Duration.ofSeconds(20));
    }

    /** What the translator needs to know about the listeners and the class it serves. */
    public IngressSettings ingressSettings() {
        return IngressSettings.of(bindAddress, httpPort, httpsPort).withIngressClass(ingressClass);
    }

    public ControllerOptions withPorts(int http, int https, int admin) {
        return new ControllerOptions(kubeconfig, namespace, bindAddress, http, https, adminAddress, admin,
                publishService, leaseName, ingressClass, leaderTiming, debounce, kernelWarmUp);
    }

    public ControllerOptions withBindAddress(String address) {
        return new ControllerOptions(kubeconfig, namespace, address, httpPort, httpsPort, address, adminPort,
                publishService, leaseName, ingressClass, leaderTiming, debounce, kernelWarmUp);
    }

    public ControllerOptions withNamespace(String value) {
        return new ControllerOptions(kubeconfig, value, bindAddress, httpPort, httpsPort, adminAddress, adminPort,
                publishService, leaseName, ingressClass, leaderTiming, debounce, kernelWarmUp);
    }

    public ControllerOptions withPublishService(ServiceRef value) {
        return new ControllerOptions(kubeconfig, namespace, bindAddress, httpPort, httpsPort, adminAddress, adminPort,
                value, leaseName, ingressClass, leaderTiming, debounce, kernelWarmUp);
    }

    public ControllerOptions withLeaderTiming(LeaderTiming value) {
        return new ControllerOptions(kubeconfig, namespace, bindAddress, httpPort, httpsPort, adminAddress, adminPort,
                publishService, leaseName, ingressClass, value, debounce, kernelWarmUp);
    }

    /** A Service named by {@code namespace/name}. */
    public record ServiceRef(String namespace, String name) {
        public ServiceRef {
            if (namespace == null || namespace.isEmpty() || name == null || name.isEmpty()) {
                throw new IllegalArgumentException("a Service reference needs a namespace and a name");
            }
        }

        /** Parses {@code namespace/name}. */
        public static ServiceRef parse(String text) {
            int slash = text.indexOf('/');
            if (slash <= 0 || slash == text.length() - 1 || text.indexOf('/', slash + 1) >= 0) {
                throw new IllegalArgumentException("expected namespace/name, got '" + text + "'");
            }
            return new ServiceRef(text.substring(0, slash), text.substring(slash + 1));
        }

        @Override
        public String toString() {
            return namespace + "/" + name;
        }
    }

    /**
     * Leader-election durations, as client-go names them: a leader that has not renewed for
     * {@code leaseDuration} may be replaced; the leader gives up when it cannot renew within
     * {@code renewDeadline}; every candidate retries each {@code retryPeriod}.
     */
    public record LeaderTiming(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
        /** client-go's defaults: 15 s, 10 s, 2 s. */
        public static final LeaderTiming KUBERNETES_DEFAULTS =
                new LeaderTiming(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));

        public LeaderTiming {
            if (leaseDuration.compareTo(renewDeadline) <= 0 || renewDeadline.compareTo(retryPeriod) <= 0) {
                throw new IllegalArgumentException("need leaseDuration > renewDeadline > retryPeriod");
            }
        }
    }
}

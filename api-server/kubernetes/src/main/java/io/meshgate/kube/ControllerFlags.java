package io.meshgate.kube;

import io.meshgate.kube.ControllerOptions.LeaderTiming;
import io.meshgate.kube.ControllerOptions.ServiceRef;
import io.meshgate.proxy.DurationFlag;
import java.nio.file.Path;
import java.time.Duration;

/** Parses the command line of {@code meshgate ingress-controller} into {@link ControllerOptions}. */
public final class ControllerFlags {
    /** Printed for {@code --help} and after a bad flag. */
    public static final String USAGE = """
            usage: meshgate ingress-controller [flags]
              --kubeconfig FILE          kubeconfig to use (default: in-cluster service account, else KUBECONFIG / ~/.kube/config)
              --namespace NS             namespace of the MeshConfig and the leader Lease (default fsm-system)
              --bind-address ADDR        address of the HTTP/HTTPS listeners (default 0.0.0.0)
              --http-port N              plain HTTP port (default 80)
              --https-port N             HTTPS port (default 443)
              --admin-address ADDR       admin listener address: /ready, /stats, /metrics (default 0.0.0.0)
              --admin-port N             admin port, -1 for none (default 15000)
              --publish-service NS/NAME  Service whose address goes to Ingress status (default fsm-system/fsm-ingress)
              --lease-name NAME          leader-election Lease (default meshgate-ingress-leader)
              --ingress-class NAME       IngressClass served (default pipy)
              --lease-duration DUR       leader lease duration (default 15s)
              --renew-deadline DUR       leader renew deadline (default 10s)
              --retry-period DUR         leader retry period (default 2s)
              --kernel-warm-up DUR       at most how long synthetic loopback traffic warms the proxy's JIT up
                                         before the listeners and /ready open (default 20s, 0 for none)
            durations: 500ms, 15s, 1m""";

    private ControllerFlags() {}

    /**
     * Parses {@code args}.
     *
     * @throws IllegalArgumentException naming the flag that is unknown, lacks a value or has a bad one
     */
    public static ControllerOptions parse(String... args) {
        ControllerOptions d = ControllerOptions.defaults();
        Path kubeconfig = d.kubeconfig();
        String namespace = d.namespace();
        String bind = d.bindAddress();
        String adminAddress = d.adminAddress();
        int http = d.httpPort();
        int https = d.httpsPort();
        int admin = d.adminPort();
        ServiceRef publish = d.publishService();
        String lease = d.leaseName();
        String ingressClass = d.ingressClass();
        Duration leaseDuration = d.leaderTiming().leaseDuration();
        Duration renewDeadline = d.leaderTiming().renewDeadline();
        Duration retryPeriod = d.leaderTiming().retryPeriod();
        Duration kernelWarmUp = d.kernelWarmUp();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            String value;
            int eq = flag.indexOf('=');
            if (flag.startsWith("--") && eq > 0) {
                value = flag.substring(eq + 1);
                flag = flag.substring(0, eq);
            } else {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(flag.startsWith("--") ? flag + " needs a value" : "unknown argument: " + flag);
                }
                value = args[++i];
            }
            switch (flag) {
                case "--kubeconfig" -> kubeconfig = Path.of(value);
                case "--namespace" -> namespace = nonEmpty(flag, value);
                case "--bind-address" -> bind = nonEmpty(flag, value);
                case "--admin-address" -> adminAddress = nonEmpty(flag, value);
                case "--http-port" -> http = port(flag, value, false);
                case "--https-port" -> https = port(flag, value, false);
                case "--admin-port" -> admin = port(flag, value, true);
                case "--publish-service" -> publish = ServiceRef.parse(value);
                case "--lease-name" -> lease = nonEmpty(flag, value);
                case "--ingress-class" -> ingressClass = nonEmpty(flag, value);
                case "--lease-duration" -> leaseDuration = duration(flag, value);
                case "--renew-deadline" -> renewDeadline = duration(flag, value);
                case "--retry-period" -> retryPeriod = duration(flag, value);
                case "--kernel-warm-up" -> kernelWarmUp = DurationFlag.notNegative(flag, value);
                default -> throw new IllegalArgumentException("unknown flag: " + flag);
            }
        }
        return new ControllerOptions(kubeconfig, namespace, bind, http, https, adminAddress, admin, publish, lease,
                ingressClass, new LeaderTiming(leaseDuration, renewDeadline, retryPeriod), d.debounce(), kernelWarmUp);
    }

    private static String nonEmpty(String flag, String value) {
        if (value.isBlank()) {
            throw new IllegalArgumentException(flag + " must not be empty");
        }
        return value;
    }

    private static int port(String flag, String value, boolean allowNone) {
        try {
            int port = Integer.parseInt(value);
            if ((port >= 0 && port <= 65535) || (allowNone && port == -1)) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(flag + ": not a port: " + value);
    }

    /** {@code 500ms}, {@code 15s}, {@code 2m} ({@link DurationFlag}), more than zero. */
    static Duration duration(String flag, String value) {
        return positive(flag, DurationFlag.parse(flag, value));
    }

    private static Duration positive(String flag, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(flag + " must be positive");
        }
        return d;
    }
}

package io.meshgate.sidecar.injector;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HTTPHeader;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;

import java.util.ArrayList;
import java.util.List;

/**
 * FSM's health-probe rewriting ({@code pkg/injector/health_probes.go}). Once the init container
 * redirects inbound TCP to the sidecar, the kubelet's probes would meet the sidecar's inbound policy
 * (mTLS, access rules) instead of the application; a {@code tcpSocket} probe would always succeed,
 * since the sidecar accepts every port. So each probe is pointed at a port the init container leaves
 * alone, and the original target travels in headers the sidecar's probe listener reads:
 *
 * <ul>
 *   <li>{@code httpGet} (HTTP): port 15901 / 15902 / 15903 (liveness / readiness / startup), path
 *       {@code /fsm-healthcheck}, headers {@code Original-Http-Port} (80 when the port cannot be
 *       resolved) and {@code Original-Http-Path};</li>
 *   <li>{@code httpGet} with scheme HTTPS: the same port, scheme HTTP, header {@code Original-Tcp-Port}
 *       (a TCP check: the sidecar cannot verify the application's certificate any better);</li>
 *   <li>{@code tcpSocket}: an {@code httpGet} on 15904 {@code /fsm-healthcheck} with
 *       {@code Original-Tcp-Port};</li>
 *   <li>{@code exec} and {@code grpc} probes are left as they are (they do not cross the network, or
 *       FSM leaves them).</li>
 * </ul>
 *
 * Named ports are resolved against the container's ports. Timeouts, periods and thresholds are kept.
 */
public final class ProbeRewriter {
    public static final int LIVENESS_PORT = 15901;
    public static final int READINESS_PORT = 15902;
    public static final int STARTUP_PORT = 15903;
    public static final int HEALTHCHECK_PORT = 15904;
    public static final String HEALTHCHECK_PATH = "/fsm-healthcheck";

    private ProbeRewriter() {}

    /**
     * Rewrites the liveness, readiness and startup probes of one application container in place.
     *
     * @return true when one was rewritten (the sidecar then has to serve the probe ports)
     */
    public static boolean rewrite(Container container) {
        List<ContainerPort> ports = container.getPorts() == null ? List.of() : container.getPorts();
        boolean liveness = rewrite(container.getLivenessProbe(), LIVENESS_PORT, ports);
        boolean readiness = rewrite(container.getReadinessProbe(), READINESS_PORT, ports);
        boolean startup = rewrite(container.getStartupProbe(), STARTUP_PORT, ports);
        return liveness || readiness || startup;
    }

    private static boolean rewrite(Probe probe, int probePort, List<ContainerPort> ports) {
        if (probe == null) {
            return false;
        }
        HTTPGetAction get = probe.getHttpGet();
        if (get != null) {
            int original = resolve(get.getPort(), ports);
            List<HTTPHeader> headers = get.getHttpHeaders() == null ? new ArrayList<>()
                    : new ArrayList<>(get.getHttpHeaders());
            boolean https = "HTTPS".equalsIgnoreCase(get.getScheme());
            if (https) {
                headers.add(new HTTPHeader("Original-Tcp-Port", Integer.toString(original == 0 ? 443 : original)));
                get.setScheme("HTTP");
            } else {
                headers.add(new HTTPHeader("Original-Http-Port", Integer.toString(original == 0 ? 80 : original)));
                headers.add(new HTTPHeader("Original-Http-Path", get.getPath() == null ? "" : get.getPath()));
            }
            get.setHttpHeaders(headers);
            get.setPath(HEALTHCHECK_PATH);
            get.setPort(new IntOrString(probePort));
        } else if (probe.getTcpSocket() != null) {
            int original = resolve(probe.getTcpSocket().getPort(), ports);
            HTTPGetAction replacement = new HTTPGetAction();
            replacement.setPath(HEALTHCHECK_PATH);
            replacement.setPort(new IntOrString(HEALTHCHECK_PORT));
            replacement.setHttpHeaders(new ArrayList<>(List.of(
                    new HTTPHeader("Original-Tcp-Port", Integer.toString(original)))));
            probe.setHttpGet(replacement);
            probe.setTcpSocket(null);
        } else {
            return false;
        }
        return true;
    }

    /** The port number, looking a name up among the container's ports; 0 when it names none. */
    static int resolve(IntOrString port, List<ContainerPort> ports) {
        if (port == null) {
            return 0;
        }
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        String name = port.getStrVal();
        for (ContainerPort p : ports) {
            if (name != null && name.equals(p.getName()) && p.getContainerPort() != null) {
                return p.getContainerPort();
            }
        }
        return 0;
    }
}
